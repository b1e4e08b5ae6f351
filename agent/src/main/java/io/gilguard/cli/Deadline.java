package io.gilguard.cli;

import java.time.Duration;

/**
 * How long a command keeps trying a step that a busy machine can make fail once (the JVM's
 * attach listener that starts late, a socket that is not there yet): again and again, a little
 * apart, until it works or the time is up; then the last failure is what the command says.
 */
final class Deadline {
    /** Long enough for a JVM on a saturated machine to start its attach listener (HotSpot waits 10 s a try). */
    static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final long PAUSE_MILLIS = 200;

    private final long end;

    private Deadline(Duration patience) {
        this.end = System.nanoTime() + patience.toNanos();
    }

    static Deadline start() {
        return new Deadline(PATIENCE);
    }

    boolean passed() {
        return System.nanoTime() - end > 0;
    }

    /** Waits a little before the next try; false once the time is up. */
    boolean pause() {
        if (passed()) {
            return false;
        }
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !passed();
    }
}
