package io.gilguard.runtime;

import java.util.Optional;

/**
 * The Java frame native code was called from, for the reports of the native hooks, which come
 * with no site. A stack walk, on the violation path only.
 */
final class NativeFrames {
    private static final String NATIVE_PREFIX = "gilguard$";
    private static final StackWalker WALKER = StackWalker.getInstance();

    private NativeFrames() {}

    /**
     * The site of the innermost application frame: in a JNI function, the native method that
     * called it (under its own name, not the wrapper's prefixed one). 0 on a native thread that
     * has no Java frame.
     */
    static int innermost() {
        Optional<StackWalker.StackFrame> frame = WALKER.walk(frames -> frames
                .filter(f -> !f.getClassName().startsWith("io.gilguard.runtime.")
                        && !f.getClassName().startsWith("io.gilguard.nativehooks."))
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
