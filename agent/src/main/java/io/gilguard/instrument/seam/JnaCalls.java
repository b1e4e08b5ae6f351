package io.gilguard.instrument.seam;

import io.gilguard.instrument.AdvisedMethod;
import io.gilguard.instrument.ClassHeader;
import io.gilguard.instrument.DeclaredMethod;
import io.gilguard.instrument.DeclaredType;
import io.gilguard.instrument.Phase;
import io.gilguard.instrument.Seam;
import io.gilguard.instrument.SelfCheck;
import io.gilguard.instrument.advice.Advice;
import io.gilguard.instrument.advice.Advices;
import io.gilguard.plan.Plan;
import io.gilguard.rules.BoundaryRule;
import io.gilguard.rules.Direction;
import io.gilguard.rules.RuleSet;
import io.gilguard.runtime.Errors;
import io.gilguard.runtime.JnaFunctions;
import java.util.List;

/**
 * JNA's own classes, the one place every interface-mapped JNA call passes: the {@code native:}
 * rules apply to {@code com.sun.jna.Function.invoke(Object[], Class, boolean, int)}, around
 * {@code Native.invokeXxx}, by the C name the function links ({@link JnaFunctions} keeps each
 * name's boundary, asked of the plan once). At start-up also
 * {@code NativeLibrary.getFunction(String, Method)} and {@code getFunction(String, int, String)},
 * which take the native method prefix off a direct-mapped class's wrapped native methods (the
 * {@code FunctionMapper} is given the wrapper, named as before), so that {@code Native.register}
 * still finds their C functions (whichever rule, a {@code CLASS#METHOD} or a {@code native:} one,
 * had them wrapped). JNA is matched by name: gilguard does not depend on it.
 */
final class JnaCalls implements Seam {
    static final String FUNCTION = "com.sun.jna.Function";
    static final String NATIVE_LIBRARY = "com.sun.jna.NativeLibrary";
    /** {@code Function.invoke(Object[] args, Class returnType, boolean allowObjects, int fixedArgs)}. */
    private static final String INVOKE = "invoke([Ljava/lang/Object;Ljava/lang/Class;ZI)Ljava/lang/Object;";
    /** {@code NativeLibrary.getFunction(String name, Method method)}, which gives the method to the FunctionMapper. */
    private static final String GET_FUNCTION_FOR = "getFunction(Ljava/lang/String;Ljava/lang/reflect/Method;)Lcom/sun/jna/Function;";
    /** {@code NativeLibrary.getFunction(String functionName, int callFlags, String encoding)}. */
    private static final String GET_FUNCTION = "getFunction(Ljava/lang/String;ILjava/lang/String;)Lcom/sun/jna/Function;";

    private final RuleSet rules;
    private final Phase phase;
    private final boolean symbols;

    JnaCalls(Plan plan, Phase phase) {
        this.rules = plan.rules();
        this.phase = phase;
        this.symbols = rules.hasSymbols();
        if (symbols) {
            // a new plan answers for every name again (after a detach, another attach's rules)
            JnaFunctions.resolver(new JnaFunctions.Resolver() { // not a lambda (NoLambdaTest)
                @Override
                public int boundary(String symbol, ClassLoader loader) {
                    int id = plan.symbolBoundary(symbol, "JNA", loader);
                    return id < 0 ? -1 : JnaFunctions.code(id, plan.enforces(rules.policiesAtSymbol(symbol, null)));
                }
            });
        }
    }

    /** With a {@code native:} rule; at start-up with any downcall rule, which may wrap a direct-mapped class. */
    @Override
    public boolean advising() {
        return true;
    }

    @Override
    public boolean mayAdvise(ClassHeader header) {
        return header.name().equals(FUNCTION) || header.name().equals(NATIVE_LIBRARY);
    }

    @Override
    public boolean advises(DeclaredType type) {
        if (symbols && type.name().equals(FUNCTION)) {
            return invokes(type);
        }
        return unprefixes() && type.name().equals(NATIVE_LIBRARY);
    }

    /** Whether JNA's Function has the method the advice goes in (JNA 4.3 and later); said once if not. */
    private static boolean invokes(DeclaredType function) {
        for (DeclaredMethod m : function.methods()) {
            if (m.signature().equals(INVOKE)) {
                return true;
            }
        }
        Errors.note("JNA's " + FUNCTION + " has no invoke(Object[], Class, boolean, int) (a JNA older than 4.3):"
                + " native: rules do not reach JNA calls");
        return false;
    }

    /** At start-up native methods are wrapped, and a direct-mapped class's renamed. */
    private boolean unprefixes() {
        return phase == Phase.STARTUP;
    }

    @Override
    public void advise(AdvisedMethod method, List<Advice> advice) {
        String type = method.type().name();
        String signature = method.method().signature();
        if (symbols && type.equals(FUNCTION) && signature.equals(INVOKE)) {
            advice.add(Advices.jnaFunction());
        } else if (unprefixes() && type.equals(NATIVE_LIBRARY) && signature.equals(GET_FUNCTION_FOR)) {
            advice.add(Advices.unprefixedMethod());
        } else if (unprefixes() && type.equals(NATIVE_LIBRARY) && signature.equals(GET_FUNCTION)) {
            advice.add(Advices.unprefixed());
        }
    }

    /** A detached agent answers no more names; calls still in the advice find none. */
    @Override
    public void detached() {
        JnaFunctions.resolver(null);
    }

    /**
     * At attach: whether JNA's {@code Function} runs the advice, and that direct-mapped classes
     * cannot be wrapped now (an attach adds no method, and a wrapper is one).
     */
    @Override
    public void check(SelfCheck check) {
        if (!symbols) {
            return;
        }
        Class<?> function = null;
        for (Class<?> c : check.advised()) {
            if (c.getName().equals(FUNCTION)) {
                function = c;
            }
        }
        if (function == null) {
            return; // JNA is not loaded: the other seams say what the rule reaches, or that nothing was
        }
        for (BoundaryRule rule : rules.boundaries()) {
            if (rule.direction() != Direction.DOWNCALL || rule.symbol() == null
                    || JniSymbols.onlyJni(rule.symbol().toString())) {
                continue;
            }
            String name = check.describe(rule);
            if (check.calls(function, INVOKE, "io/gilguard/runtime/JnaFunctions.enter")) {
                check.add(rule, name + ": active for JNA function calls (" + FUNCTION + ".invoke)");
            } else {
                check.add(rule, "NOT active: " + name + ": JNA function calls (" + FUNCTION + ".invoke"
                        + check.reason(function) + ")");
            }
            check.add(rule, name + ": not for JNA direct-mapped (Native.register) native methods: an attach cannot"
                    + " wrap a native method (a CLASS#METHOD rule on the direct-mapped class sees its calls at call sites)");
        }
    }
}
