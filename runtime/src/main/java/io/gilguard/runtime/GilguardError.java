package io.gilguard.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code mode=enforce} throws at a violating call, before the call runs: its message is the
 * report line. An {@code Error}, not an exception, so that the application's
 * {@code catch (Exception e)} does not swallow it and carry on with the broken state; it is
 * gilguard's only deliberate throw into application code. Its stack trace starts at the
 * application's frame: gilguard's own frames are left out.
 */
public final class GilguardError extends Error {
    private static final long serialVersionUID = 1L;
    private static final String RUNTIME = "io.gilguard.runtime.";

    GilguardError(String message) {
        super(message);
        StackTraceElement[] trace = getStackTrace();
        List<StackTraceElement> kept = new ArrayList<>(trace.length);
        for (StackTraceElement e : trace) {
            if (!e.getClassName().startsWith(RUNTIME)) {
                kept.add(e);
            }
        }
        setStackTrace(kept.toArray(new StackTraceElement[0]));
    }
}
