package io.gilguard.runtime;

import java.util.Iterator;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The site of the application code that led to a report, found by walking the stack: on the
 * violation and report paths (a report's site, a long hold's or wait's once it is long, learn
 * mode's sampled sites), and once per FFM symbol or upcall stub made ({@link #applicationLoader},
 * {@link #foreignCaller}); never per lock event or boundary crossing, which carry site numbers
 * given at instrumentation time.
 */
final class CallerSite {
    private static final String RUNTIME = "io.gilguard.runtime.";
    private static final String NATIVE_HOOKS = "io.gilguard.nativehooks.";
    private static final String JNA = "com.sun.jna.";
    /**
     * A copy of {@code instrument.advice.Advising.NATIVE_PREFIX}, which must stay equal to it: the
     * runtime lives in the boot loader, where the agent's classes are not visible, and its module
     * does not depend on the agent's, so it cannot refer to the constant itself.
     */
    private static final String NATIVE_PREFIX = "gilguard$";
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

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

    /**
     * The application's frame that called C through the JDK or a library (an FFM downcall handle,
     * a JNA function or {@code Library} interface): the first frame that is not the JDK's, nor
     * gilguard's, nor JNA's, nor a {@code java.lang.reflect.Proxy} class's. {@code own} (the
     * boundary's own site) when there is none.
     */
    static int foreignCaller(int own) {
        Optional<StackWalker.StackFrame> caller = WALKER.walk(frames -> frames
                .filter(f -> !jdk(f.getDeclaringClass()) && !f.getClassName().startsWith(JNA)
                        && !java.lang.reflect.Proxy.isProxyClass(f.getDeclaringClass()))
                .findFirst());
        return caller.isEmpty() ? own : site(caller.get(), caller.get().getMethodName());
    }

    /**
     * The loader of the innermost frame that is neither the JDK's nor gilguard's (both in the
     * boot or platform loader): the application's, which can see its locks' classes. Once per C
     * symbol an FFM handle is made for, never per call.
     */
    static ClassLoader applicationLoader() {
        return WALKER.walk(APPLICATION_LOADER);
    }

    /** A class and a loop, not a stream's lambdas: FFM's first calls are a common path (NoLambdaTest in test-apps). */
    private static final Function<Stream<StackWalker.StackFrame>, ClassLoader> APPLICATION_LOADER = new Function<>() {
        @Override
        public ClassLoader apply(Stream<StackWalker.StackFrame> frames) {
            for (Iterator<StackWalker.StackFrame> i = frames.iterator(); i.hasNext(); ) {
                Class<?> c = i.next().getDeclaringClass();
                if (!jdk(c)) {
                    return c.getClassLoader();
                }
            }
            return null;
        }
    };

    /**
     * The line that called {@code own}, a method whose advice found no site parked by its caller
     * (the caller's code is older than the attach, or a method reference or reflection called it):
     * the first frame below {@code own}'s that is not the JDK's (reflection, method handles) nor
     * gilguard's. {@code own} itself when native code called it (a native method through JNI, a
     * native thread): that is the best name then, as without the walk.
     */
    static int callerOf(int own) {
        String ownClass = Sites.className(own);
        String ownMethod = Sites.method(own);
        Optional<StackWalker.StackFrame> caller = WALKER.walk(frames -> frames
                .dropWhile(f -> !(f.getClassName().equals(ownClass) && f.getMethodName().equals(ownMethod)))
                .skip(1)
                .filter(f -> !jdk(f.getDeclaringClass()))
                .findFirst());
        if (caller.isEmpty() || caller.get().isNativeMethod()) {
            return own;
        }
        return site(caller.get(), caller.get().getMethodName());
    }

    /**
     * A frame's site. A method redefined while the frame ran (a method already running at an
     * attach keeps its old code) has no file and line from the JVM: its class file gives them.
     */
    private static int site(StackWalker.StackFrame f, String method) {
        String file = f.getFileName();
        int line = f.isNativeMethod() ? -1 : f.getLineNumber();
        if (line < 0 && !f.isNativeMethod()) {
            StackTraceElement old = oldLine(f);
            if (old != null) {
                file = old.getFileName();
                line = old.getLineNumber();
            }
        }
        return Sites.register(f.getClassName(), method, file, line);
    }

    /**
     * {@link ClassFileLines} for the frame, as the agent's own work: reading a class file may run
     * the application's class loader, and its locks must not bring this thread back here.
     */
    private static StackTraceElement oldLine(StackWalker.StackFrame f) {
        Ledger ledger = Ledger.current();
        if (ledger.busy) {
            return null;
        }
        ledger.busy = true;
        try {
            return ClassFileLines.of(f.getDeclaringClass(), f.getMethodName(), f.getDescriptor(), f.getByteCodeIndex());
        } finally {
            ledger.busy = false;
        }
    }

    /** The JDK's classes (and gilguard's runtime among them), by their loader as everywhere in gilguard. */
    private static boolean jdk(Class<?> c) {
        ClassLoader loader = c.getClassLoader();
        return loader == null || loader == ClassLoader.getPlatformClassLoader();
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
        return site(f, method);
    }
}
