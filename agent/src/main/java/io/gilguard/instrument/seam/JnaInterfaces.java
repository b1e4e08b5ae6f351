package io.gilguard.instrument.seam;

import io.gilguard.instrument.AdvisedMethod;
import io.gilguard.instrument.ClassHeader;
import io.gilguard.instrument.DeclaredMethod;
import io.gilguard.instrument.DeclaredType;
import io.gilguard.instrument.Seam;
import io.gilguard.instrument.SelfCheck;
import io.gilguard.instrument.advice.Advice;
import io.gilguard.instrument.advice.Advices;
import io.gilguard.plan.Plan;
import io.gilguard.rules.BoundaryRule;
import io.gilguard.rules.Direction;
import io.gilguard.rules.RuleSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code downcall CLASS#METHOD} rule that names a method of a JNA {@code Library} interface
 * ({@code downcall com.example.CLib#qsort forbid gil}): the interface method has no code, and JNA
 * implements it with a {@code java.lang.reflect.Proxy}, whose class goes through the transformers
 * like any other (in the loader given to {@code Native.load}). Its methods that a rule names get
 * the boundary, whose reports name the application's frame that called the interface method (a
 * proxy has no lines). At attach the same, also for a proxy class made before the attach, which
 * is described by reflection (see {@code Attachment}).
 */
final class JnaInterfaces implements Seam {
    private static final String LIBRARY = "com.sun.jna.Library";
    private static final String PROXY = "java.lang.reflect.Proxy";
    /** What a proxy implements for {@code Object}, which no rule on an interface means. */
    private static final Set<String> OBJECT_METHODS = Set.of("equals", "hashCode", "toString");

    private final Plan plan;
    private final RuleSet rules;

    JnaInterfaces(Plan plan) {
        this.plan = plan;
        this.rules = plan.rules();
    }

    @Override
    public boolean advising() {
        return true;
    }

    @Override
    public boolean mayAdvise(ClassHeader header) {
        return PROXY.equals(header.superName());
    }

    @Override
    public boolean advises(DeclaredType type) {
        if (!libraryProxy(type)) {
            return false;
        }
        for (DeclaredMethod m : type.methods()) {
            if (!policies(new AdvisedMethod(type, m, null, -1)).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** A proxy class that implements a JNA {@code Library} interface. */
    private static boolean libraryProxy(DeclaredType type) {
        return PROXY.equals(type.superName()) && type.typeNames().contains(LIBRARY);
    }

    @Override
    public void advise(AdvisedMethod method, List<Advice> advice) {
        if (!libraryProxy(method.type())) {
            return;
        }
        List<RuleSet.Applied> policies = policies(method);
        if (policies.isEmpty()) {
            return;
        }
        int id = plan.atCaller(method.site(), null, policies, method.loader(), method.type().name() + "."
                + method.name() + " (JNA)");
        advice.add(Advices.boundary(id, true, plan.enforces(policies)));
    }

    /** The downcall policies at one of the proxy's methods, as a method of the interfaces it implements. */
    private List<RuleSet.Applied> policies(AdvisedMethod method) {
        if (!method.hasCode() || OBJECT_METHODS.contains(method.name())) {
            return List.of();
        }
        return rules.policiesAt(Direction.DOWNCALL, method.typeNames(), method.name(), method.parameters());
    }

    /** At attach: the proxy methods that run the boundary now, per rule. */
    @Override
    public void check(SelfCheck check) {
        Map<BoundaryRule, List<String>> active = new LinkedHashMap<>();
        Map<BoundaryRule, List<String>> inactive = new LinkedHashMap<>();
        for (Class<?> c : check.advised()) {
            DeclaredType type = DeclaredType.of(c);
            if (!libraryProxy(type)) {
                continue;
            }
            for (DeclaredMethod m : type.methods()) {
                for (RuleSet.Applied p : policies(new AdvisedMethod(type, m, null, -1))) {
                    String where = c.getName() + "." + m.name() + " (JNA Library proxy)";
                    if (check.entersBoundary(c, m.signature())) {
                        active.computeIfAbsent(p.rule, r -> new ArrayList<>()).add(where);
                    } else {
                        inactive.computeIfAbsent(p.rule, r -> new ArrayList<>()).add(where + check.reason(c));
                    }
                }
            }
        }
        for (BoundaryRule rule : rules.boundaries()) {
            if (active.containsKey(rule) || inactive.containsKey(rule)) {
                check.report(rule, check.describe(rule), active.getOrDefault(rule, List.of()),
                        inactive.getOrDefault(rule, List.of()), "in", null);
            }
        }
    }
}
