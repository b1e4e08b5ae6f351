package jdk.internal.misc;

/**
 * The methods {@code JniRecord} calls of java.base's own {@code jdk.internal.misc.Unsafe}, for the
 * compiler only: {@code --release 17} shows none of the packages java.base does not export, and
 * forbids {@code --add-exports}. The jar leaves this class out (native/pom.xml); at run time the
 * names are java.base's, which the agent exports to the native hooks' module.
 */
public final class Unsafe {
    private Unsafe() {}

    public static Unsafe getUnsafe() {
        throw new UnsupportedOperationException("compile-time stand-in for java.base's Unsafe");
    }

    public int getInt(long address) {
        throw new UnsupportedOperationException("compile-time stand-in for java.base's Unsafe");
    }

    public void putInt(long address, int x) {
        throw new UnsupportedOperationException("compile-time stand-in for java.base's Unsafe");
    }

    public long getLong(long address) {
        throw new UnsupportedOperationException("compile-time stand-in for java.base's Unsafe");
    }

    public void putLong(long address, long x) {
        throw new UnsupportedOperationException("compile-time stand-in for java.base's Unsafe");
    }
}
