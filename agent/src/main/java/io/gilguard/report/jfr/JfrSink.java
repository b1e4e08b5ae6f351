package io.gilguard.report.jfr;

import io.gilguard.runtime.HoldSummary;
import io.gilguard.runtime.Kind;
import io.gilguard.runtime.Occurrence;
import io.gilguard.runtime.Sink;
import io.gilguard.runtime.Sites;
import io.gilguard.runtime.Violation;
import jdk.jfr.FlightRecorder;

/**
 * Every occurrence as a JFR event: {@code gilguard.LongHold}, {@code gilguard.Contended}, and
 * {@code gilguard.Violation} for the rest. Until a recording starts, no event class is loaded;
 * after, each event is asked {@code isEnabled()} before a field is filled: with the recording
 * over or the event turned off, an occurrence costs one small object that the JIT may not even
 * make. Committed on the reporting thread, so that JFR takes
 * that thread's stack. Loaded only where the JVM has {@code jdk.jfr} ({@link io.gilguard.report.Jfr}).
 */
public final class JfrSink implements Sink {
    /** What the runtime's {@code Waits} writes in the note before the holder's native method. */
    private static final String HOLDER_IN = "holder in ";

    @Override
    public void first(Violation violation) {
        // every occurrence goes through each(), the first included
    }

    @Override
    public void each(Violation distinct, Occurrence o) {
        if (!FlightRecorder.isInitialized()) {
            // No recording has ever run: even loading an event class would start JFR's metadata
            // (JDK 22+ registers an event class as it loads). Any recording, -XX:StartFlightRecording,
            // jcmd JFR.start or the API, initialises the recorder first.
            return;
        }
        if (o.kind() == Kind.LONG_HOLD_ACROSS_NATIVE) {
            longHold(o);
        } else if (o.kind() == Kind.CONTENDED) {
            contended(o);
        } else {
            violation(distinct, o);
        }
    }

    private static void longHold(Occurrence o) {
        LongHoldEvent e = new LongHoldEvent();
        if (!e.isEnabled()) {
            return;
        }
        e.lock = o.lock();
        e.object = o.member();
        e.nativeTime = o.nanos();
        HoldSummary h = o.hold();
        if (h != null) {
            e.holdTime = h.holdMillis();
            e.nativeCalls = h.calls();
            String[] methods = h.methods();
            e.topMethod = methods.length > 0 ? methods[0] : null;
            e.methods = h.methodsText();
        }
        e.site = site(o.site());
        e.acquiredAt = site(o.acquiredAt());
        e.nativeFunction = o.symbol();
        e.commit();
    }

    private static void contended(Occurrence o) {
        ContendedEvent e = new ContendedEvent();
        if (!e.isEnabled()) {
            return;
        }
        e.lock = o.lock();
        e.object = o.member();
        e.waitTime = o.nanos();
        e.holder = o.owner();
        String note = o.note();
        e.holderNativeMethod = note != null && note.startsWith(HOLDER_IN) ? note.substring(HOLDER_IN.length()) : null;
        e.site = site(o.site());
        e.acquiredAt = site(o.acquiredAt());
        e.commit();
    }

    private static void violation(Violation distinct, Occurrence o) {
        ViolationEvent e = new ViolationEvent();
        if (!e.isEnabled()) {
            return;
        }
        e.kind = o.kind().name();
        e.finding = o.kind().isFinding();
        e.lock = o.lock();
        e.object = o.member();
        e.thread = o.thread();
        e.owner = o.owner();
        e.site = site(o.site());
        e.acquiredAt = site(o.acquiredAt());
        e.origin = o.origin();
        e.holdCount = o.holdCount();
        e.nativeFunction = o.symbol();
        e.note = o.note();
        e.suppressedBy = distinct == null ? null : distinct.suppressedBy();
        e.commit();
    }

    /** As the stderr line writes a site; null for none. */
    private static String site(int site) {
        return site > 0 ? Sites.format(site) : null;
    }
}
