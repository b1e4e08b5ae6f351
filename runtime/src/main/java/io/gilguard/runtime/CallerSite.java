package io.gilguard.runtime;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * The site of the application code that led to a report, found by walking the stack: on the
 * violation path only, never on a hot path (which carries site numbers given at instrumentation
 * time).
 */
final class CallerSite {
    private static final String RUNTIME = "io.gilguard.runtime.";
    private static final String NATIVE_HOOKS = "io.gilguard.nativehooks.";
    /**
     * A copy of {@code instrument.advice.Advising.NATIVE_PREFIX}, which must stay equal to it: the
     * runtime lives in the boot loader, where the agent's classes are not visible, and its module
     * does not depend on the agent's, so it cannot refer to the constant itself.
     */
    private static final String NATIVE_PREFIX = "gilguard$";
    private static final StackWalker WALKER = StackWalker.getInstance();

    private CallerSite() {}

    /**
     * The caller of a checked method of a state: the first frame outside gilguard's runtime and
     * outside the state's own class (the checked method itself, where the check is inlined, and
     * the state's methods that called it: one misuse is then one report, at the application's
     * line). {@code own} (the checked method) when no Java code called it (a native thread).
     */
    static int of(int own) {
        String state = Sites.className(own);
        int site = first(name -> name.startsWith(RUNTIME) || name.equals(state));
        return site == 0 ? own : site;
    }

    /**
     * For the native hooks' reports: the innermost application frame, which in a JNI function is
     * the native method that called it (under its own name, not the wrapper's prefixed one). 0 on
     * a native thread that has no Java frame.
     */
    static int innermost() {
        return first(name -> name.startsWith(RUNTIME) || name.startsWith(NATIVE_HOOKS));
    }

    private static int first(Predicate<String> gilguards) {
        Optional<StackWalker.StackFrame> frame = WALKER.walk(frames -> frames
                .filter(f -> !gilguards.test(f.getClassName()))
                .findFirst());
        if (frame.isEmpty()) {
            return 0;
        }
        StackWalker.StackFrame f = frame.get();
        String method = f.getMethodName();
        if (method.startsWith(NATIVE_PREFIX)) {
            method = method.substring(NATIVE_PREFIX.length());
        }
        return Sites.register(f.getClassName(), method, f.getFileName(), f.isNativeMethod() ? -1 : f.getLineNumber());
    }
}
