package io.gilguard.instrument.seam;

import io.gilguard.instrument.Seam;
import io.gilguard.instrument.SelfCheck;
import io.gilguard.instrument.advice.ForeignAdvising;
import io.gilguard.plan.Plan;
import io.gilguard.rules.BoundaryRule;
import io.gilguard.runtime.Errors;
import io.gilguard.runtime.ForeignDowncalls;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@code downcall native:GLOB} rules at FFM downcall handles (JDK 22+): the linker is advised
 * where it makes a handle, and a handle for a symbol a rule names comes back wrapped in that
 * symbol's boundary ({@link ForeignDowncalls}). The symbol of an address is what the JDK's symbol
 * lookups found there. Neither the application's classes nor its handles' call sites are changed:
 * the JDK's classes get their own transformer ({@link ForeignAdvising}), the same at start-up and
 * at attach, where a handle made before the attach stays as it was made.
 */
final class ForeignDowncallHandles implements Seam {
    /** The release that made {@code java.lang.foreign} final. */
    static final int FFM = 22;

    private final Plan plan;
    private final List<String> errors = new ArrayList<>();
    private ForeignAdvising transformer;

    ForeignDowncallHandles(Plan plan) {
        this.plan = plan;
    }

    @Override
    public void startingUp(Instrumentation instrumentation) {
        install(instrumentation, true);
    }

    @Override
    public void attaching(Instrumentation instrumentation) {
        install(instrumentation, false);
    }

    private void install(Instrumentation instrumentation, boolean startUp) {
        // classes, not lambdas (NoLambdaTest)
        ForeignDowncalls.resolver(new ForeignDowncalls.Resolver() {
            @Override
            public int boundary(String symbol, ClassLoader loader) {
                return plan.symbolBoundary(symbol, "FFM", loader);
            }
        });
        transformer = ForeignAdvising.install(instrumentation, new Consumer<>() {
            @Override
            public void accept(String error) {
                failed(error);
            }
        }, startUp);
    }

    private synchronized void failed(String error) {
        errors.add(error);
        Errors.note(error);
    }

    /**
     * At attach: a downcall handle is wrapped when it is made, so one made before the attach is
     * not checked, and neither is one made from an address that was looked up before the attach
     * (its symbol is not known). Said for each rule, as part of the self-check.
     */
    @Override
    public synchronized void check(SelfCheck check) {
        String failed = errors.stream().filter(e -> e.contains(ForeignAdvising.LINKER + ":")).findFirst().orElse(null);
        for (BoundaryRule rule : plan.rules().boundaries()) {
            if (rule.symbol() == null || JniSymbols.onlyJni(rule.symbol().toString())) {
                continue;
            }
            String name = check.describe(rule);
            if (failed != null) {
                check.add(rule, "NOT active: " + name + ": FFM downcall handles (" + failed + ")");
            } else {
                check.add(rule, name + ": active at FFM downcall handles made from now on; a handle made before the"
                        + " attach is not checked, nor one made from an address looked up before the attach");
            }
        }
    }

    @Override
    public void detached() {
        ForeignDowncalls.resolver(null);
        if (transformer != null) {
            transformer.reset();
            transformer = null;
        }
    }
}
