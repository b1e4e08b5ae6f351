package io.gilguard.instrument.advice;

import io.gilguard.runtime.ForeignDowncalls;
import io.gilguard.runtime.ForeignUpcalls;
import java.lang.invoke.MethodHandle;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the JDK's own classes (JDK 22+), where only the runtime in the boot loader can be
 * called: the FFM linker's {@code downcallHandle} methods and the native libraries'
 * {@code find(String)}. The linker's types are {@code Object} here: the agent compiles for 17.
 */
final class ForeignAdvice {
    private ForeignAdvice() {}

    /** {@code AbstractLinker.downcallHandle(MemorySegment, FunctionDescriptor, Option...)}: the handle of one address. */
    static final class Bound {
        private Bound() {}

        @Advice.OnMethodExit(suppress = Throwable.class)
        @SuppressWarnings("UnusedAssignment")
        static void exit(@Advice.Argument(0) Object symbol, @Advice.Return(readOnly = false) MethodHandle handle) {
            handle = ForeignDowncalls.wrap(symbol, handle);
        }
    }

    /** {@code AbstractLinker.downcallHandle(FunctionDescriptor, Option...)}: the address is the handle's first argument. */
    static final class Unbound {
        private Unbound() {}

        @Advice.OnMethodExit(suppress = Throwable.class)
        @SuppressWarnings("UnusedAssignment")
        static void exit(@Advice.Return(readOnly = false) MethodHandle handle) {
            handle = ForeignDowncalls.wrapUnbound(handle);
        }
    }

    /** {@code AbstractLinker.upcallStub(MethodHandle, FunctionDescriptor, Arena, Option...)}, while learning: the target counted. */
    static final class Upcall {
        private Upcall() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        @SuppressWarnings("UnusedAssignment")
        static void enter(@Advice.Argument(value = 0, readOnly = false) MethodHandle target) {
            target = ForeignUpcalls.learned(target);
        }
    }

    /** {@code NativeLibraries$NativeLibraryImpl.find(String)}, {@code RawNativeLibraries$RawNativeLibraryImpl.find(String)}. */
    static final class Find {
        private Find() {}

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Argument(0) String name, @Advice.Return long address) {
            ForeignDowncalls.found(name, address);
        }
    }
}
