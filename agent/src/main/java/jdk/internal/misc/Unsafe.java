package jdk.internal.misc;

import java.security.ProtectionDomain;

/**
 * The two methods gilguard calls of java.base's own {@code jdk.internal.misc.Unsafe}, for the
 * compiler only: {@code --release 17} shows none of the packages java.base does not export, and
 * forbids {@code --add-exports}. The jars leave this class out (agent/pom.xml); at run time the
 * names are java.base's, which {@code BootstrapInjector} has exported the package to the agent
 * for. A call made straight, not through reflection: reflection's first calls cost some
 * milliseconds at start-up on JDK 17 (an accessor generated after 15 calls) and some 25 on
 * JDK 25 (method handles spun for the method's signature).
 */
public final class Unsafe {
    private Unsafe() {}

    public static Unsafe getUnsafe() {
        throw new UnsupportedOperationException("compile-time stand-in for java.base's Unsafe");
    }

    public Class<?> defineClass(String name, byte[] b, int off, int len, ClassLoader loader, ProtectionDomain protectionDomain) {
        throw new UnsupportedOperationException("compile-time stand-in for java.base's Unsafe");
    }
}
