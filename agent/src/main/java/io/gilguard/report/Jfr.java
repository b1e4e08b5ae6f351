package io.gilguard.report;

import io.gilguard.runtime.Errors;
import io.gilguard.runtime.Sink;
import io.gilguard.runtime.Stderr;

/**
 * Whether this JVM can have gilguard's JFR events. {@code jdk.jfr} is a module of the JDK, but
 * a jlink image or {@code --limit-modules} may leave it out; then loading an event class would
 * throw {@code NoClassDefFoundError} wherever it happened, so the sink is only loaded, by name,
 * once the module is known to be there. Without it gilguard reports as always, and says once why
 * there are no events.
 */
public final class Jfr {
    private Jfr() {}

    /** The JFR sink, or null when there can be none (said on gilguard's stream). */
    public static Sink sink() {
        if (ModuleLayer.boot().findModule("jdk.jfr").isEmpty()) {
            Stderr.line("gilguard: no JFR events: this JVM has no jdk.jfr module (a jlink image or --limit-modules left it out)");
            return null;
        }
        try {
            return (Sink) Class.forName("io.gilguard.report.jfr.JfrSink").getConstructor().newInstance();
        } catch (Throwable t) {
            Errors.internal(t); // said once, counted; the other sinks go on
            return null;
        }
    }
}
