package io.gilguard.instrument.advice;

import io.gilguard.runtime.ForeignDowncalls;
import io.gilguard.runtime.Learning;
import java.lang.invoke.MethodHandle;
import java.lang.instrument.Instrumentation;
import java.util.function.Consumer;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

/**
 * The one transformer of the JDK's own classes: the three where FFM downcall handles are made and
 * symbols are found (JDK 22+). The shared transformers ignore the boot loader's classes; this one
 * matches exactly these names, so no other JDK class is touched. They are retransformed where
 * already loaded (without a change of shape, the same at start-up and at attach), and a reset
 * gives them their bytecode back.
 */
public final class ForeignAdvising {
    /** Where the linker makes downcall handles; one class for every platform's linker. */
    public static final String LINKER = "jdk.internal.foreign.abi.AbstractLinker";
    /** Behind {@code SymbolLookup.libraryLookup} (and {@code defaultLookup}, through the system's library). */
    static final String RAW_LIBRARY = "jdk.internal.loader.RawNativeLibraries$RawNativeLibraryImpl";
    /** Behind {@code SymbolLookup.loaderLookup} (and JNI's own symbol lookups). */
    static final String LIBRARY = "jdk.internal.loader.NativeLibraries$NativeLibraryImpl";

    private ForeignAdvising() {}

    /** Installs the advice and retransforms those of the classes that are loaded; {@code errors} hears what failed. */
    public static ResettableClassFileTransformer install(Instrumentation instrumentation, Consumer<String> errors) {
        return new AgentBuilder.Default(new ByteBuddy())
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(new AgentBuilder.Listener.Adapter() {
                    @Override
                    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
                                        Throwable throwable) {
                        errors.accept("cannot instrument " + typeName + ": " + throwable);
                    }
                })
                // the JDK's classes are what this transformer is for: only these three names match
                .ignore(ElementMatchers.none())
                .assureReadEdgeTo(instrumentation, ForeignDowncalls.class)
                .type(ElementMatchers.namedOneOf(LINKER, RAW_LIBRARY, LIBRARY))
                .transform(ForeignAdvising::advise)
                .installOn(instrumentation);
    }

    private static DynamicType.Builder<?> advise(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader,
                                                 JavaModule module, java.security.ProtectionDomain domain) {
        if (type.getName().equals(LINKER)) {
            if (Learning.on()) {
                builder = builder.visit(Advice.to(ForeignAdvice.Upcall.class).on(ElementMatchers.named("upcallStub")
                        .and(ElementMatchers.takesArguments(4))
                        .and(ElementMatchers.takesArgument(0, MethodHandle.class))));
            }
            return builder
                    .visit(Advice.to(ForeignAdvice.Bound.class).on(ElementMatchers.named("downcallHandle")
                            .and(ElementMatchers.takesArguments(3))
                            .and(ElementMatchers.takesArgument(0, ElementMatchers.named("java.lang.foreign.MemorySegment")))))
                    .visit(Advice.to(ForeignAdvice.Unbound.class).on(ElementMatchers.named("downcallHandle")
                            .and(ElementMatchers.takesArguments(2))
                            .and(ElementMatchers.takesArgument(0, ElementMatchers.named("java.lang.foreign.FunctionDescriptor")))));
        }
        return builder.visit(Advice.to(ForeignAdvice.Find.class).on(ElementMatchers.named("find")
                .and(ElementMatchers.takesArguments(String.class)).and(ElementMatchers.returns(long.class))));
    }
}
