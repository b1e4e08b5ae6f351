package io.gilguard.junit;

import java.io.IOException;
import java.lang.instrument.Instrumentation;

/**
 * Turns the JUnit 5 integration on at start-up, with no change to the build: JUnit reads its
 * configuration parameters from system properties too, so Surefire's fork and the Console
 * Launcher both see what is set here. Whether the system class loader sees JUnit is asked by
 * loading, not initializing, its {@code Extension} interface: a class is looked for by its
 * package, where a resource look-up first searched every module of the JDK's image (some 4 ms
 * of every start-up).
 */
public final class Activation {
    static final String AUTODETECTION = "junit.jupiter.extensions.autodetection.enabled";
    /** JUnit 5.12 and later then auto-detect gilguard's extension alone; 5.11 ignores it and detects every one. */
    static final String INCLUDE = "junit.jupiter.extensions.autodetection.include";
    static final String EXTENSION_CLASS = "org.junit.jupiter.api.extension.Extension";

    private Activation() {}

    /**
     * With {@code tests=fail}, if the system class loader sees the Jupiter API: registers the
     * extension ({@link ServiceJar}) and turns autodetection on unless the user set it. Returns a
     * line for gilguard's stderr, or null. JUnit in a child loader only (a launcher that loads
     * it apart from the class path) is left alone: the extension, on the system class path, could
     * not link against it.
     */
    public static String atStartUp(boolean failTests, Instrumentation instrumentation) {
        if (!failTests || !seesJupiter()) {
            return null;
        }
        String enabled = System.getProperty(AUTODETECTION);
        if (enabled != null && !Boolean.parseBoolean(enabled.trim())) {
            return "gilguard: tests=fail: " + AUTODETECTION + "=" + enabled
                    + ", so JUnit will not load gilguard's extension: no test will be failed by name for a violation";
        }
        try {
            instrumentation.appendToSystemClassLoaderSearch(ServiceJar.write());
        } catch (IOException | RuntimeException e) {
            return "gilguard: tests=fail: cannot register the JUnit extension (" + e + "): no test will be failed by name for a violation";
        }
        if (enabled == null) {
            System.setProperty(AUTODETECTION, "true");
            if (System.getProperty(INCLUDE) == null) {
                System.setProperty(INCLUDE, Activation.class.getPackageName() + ".*");
            }
        }
        return null;
    }

    private static boolean seesJupiter() {
        try {
            Class.forName(EXTENSION_CLASS, false, ClassLoader.getSystemClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
