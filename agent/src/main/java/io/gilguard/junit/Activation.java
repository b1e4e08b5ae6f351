package io.gilguard.junit;

import java.io.IOException;
import java.lang.instrument.Instrumentation;

/**
 * Turns the JUnit 5 integration on at start-up, with no change to the build: JUnit reads its
 * configuration parameters from system properties too, so Surefire's fork and the Console
 * Launcher both see what is set here. Loads no JUnit class: it only asks whether the system class
 * loader can see one.
 */
public final class Activation {
    static final String AUTODETECTION = "junit.jupiter.extensions.autodetection.enabled";
    /** JUnit 5.12 and later then auto-detect gilguard's extension alone; 5.11 ignores it and detects every one. */
    static final String INCLUDE = "junit.jupiter.extensions.autodetection.include";
    static final String EXTENSION_CLASS = "org/junit/jupiter/api/extension/Extension.class";

    private Activation() {}

    /**
     * With {@code tests=fail}, if the system class loader sees the Jupiter API: registers the
     * extension ({@link ServiceJar}) and turns autodetection on unless the user set it. Returns a
     * line for gilguard's stderr, or null. JUnit in a child loader only (a launcher that loads
     * it apart from the class path) is left alone: the extension, on the system class path, could
     * not link against it.
     */
    public static String atStartUp(boolean failTests, Instrumentation instrumentation) {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (!failTests || system.getResource(EXTENSION_CLASS) == null) {
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
}
