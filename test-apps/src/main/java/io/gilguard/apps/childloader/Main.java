package io.gilguard.apps.childloader;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs the JUnit Console Launcher from a class loader of its own, as a launcher may that keeps
 * its test class path apart: JUnit is not on the system class path, where the agent jar is.
 * Arguments: the Console Launcher's jar, then the launcher's own arguments.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws ReflectiveOperationException, java.io.IOException {
        URL[] junit = {Path.of(args[0]).toUri().toURL()};
        ClassLoader loader = new URLClassLoader(junit, ClassLoader.getSystemClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        try {
            loader.loadClass("org.junit.platform.console.ConsoleLauncher").getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the launcher failed", e.getCause());
        }
    }
}
