package io.gilguard.runtime;

import java.util.Optional;

/**
 * The site of the code that called a checked method: the first frame outside gilguard's runtime
 * and outside the state's own class (the checked method itself, where the check is inlined, and
 * the state's methods that called it: one misuse is then one report, at the application's line).
 * Looked up on the violation path only: the hot path of a check is a field read and a
 * comparison, and must not carry its caller's site.
 */
final class CallerSite {
    private static final String RUNTIME = "io.gilguard.runtime.";
    private static final StackWalker WALKER = StackWalker.getInstance();

    private CallerSite() {}

    /** The caller's site; {@code own} (the checked method) when no Java code called it (a native thread). */
    static int of(int own) {
        String state = Sites.className(own);
        Optional<StackWalker.StackFrame> caller = WALKER.walk(frames -> frames
                .filter(f -> !f.getClassName().startsWith(RUNTIME) && !f.getClassName().equals(state))
                .findFirst());
        if (caller.isEmpty()) {
            return own;
        }
        StackWalker.StackFrame f = caller.get();
        return Sites.register(f.getClassName(), f.getMethodName(), f.getFileName(), f.getLineNumber());
    }
}
