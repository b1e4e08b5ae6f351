package io.gilguard.instrument.seam;

import io.gilguard.instrument.AdvisedMethod;
import io.gilguard.instrument.Seam;
import io.gilguard.instrument.SelfCheck;
import io.gilguard.instrument.advice.Advices;
import io.gilguard.plan.Plan;
import io.gilguard.rules.BoundaryRule;
import io.gilguard.rules.Direction;
import io.gilguard.rules.RuleSet;
import io.gilguard.runtime.Locks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/**
 * The {@code upcall} rules: advice around every method with code that a rule names, in the
 * class it names or any class that extends or implements it. The same at start-up and at attach.
 */
final class Upcalls implements Seam {
    private final Plan plan;
    private final RuleSet rules;

    Upcalls(Plan plan) {
        this.plan = plan;
        this.rules = plan.rules();
    }

    @Override
    public boolean active() {
        return rules.has(Direction.UPCALL);
    }

    @Override
    public boolean advising() {
        return true;
    }

    @Override
    public boolean advises(TypeDescription type) {
        List<String> names = AdvisedMethod.typeNames(type);
        for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
            AdvisedMethod method = new AdvisedMethod(type, m, null, -1, null);
            if (method.hasCode() && !rules.policiesAt(Direction.UPCALL, names, m.getName(), method.parameters()).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void advise(AdvisedMethod method, List<Advice> advice) {
        if (!method.hasCode()) {
            return;
        }
        List<RuleSet.Applied> policies = rules.policiesAt(Direction.UPCALL, method.typeNames(), method.name(),
                method.parameters());
        if (policies.isEmpty()) {
            return;
        }
        for (RuleSet.Applied p : policies) {
            if (p.lock != BoundaryRule.NO_LOCK) {
                Locks.loader(p.lock, method.loader());
            }
            plan.coverage().matched(p.rule);
        }
        int id = plan.boundary(method.site(), false, policies);
        advice.add(Advices.boundary(id, false, plan.enforces(policies)));
    }

    @Override
    public void check(SelfCheck check) {
        Map<BoundaryRule, List<String>> active = new LinkedHashMap<>();
        Map<BoundaryRule, List<String>> inactive = new LinkedHashMap<>();
        for (Class<?> c : check.advised()) {
            TypeDescription type = TypeDescription.ForLoadedType.of(c);
            List<String> names = AdvisedMethod.typeNames(type);
            for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
                AdvisedMethod method = new AdvisedMethod(type, m, null, -1, null);
                if (!method.hasCode()) {
                    continue;
                }
                for (RuleSet.Applied p : rules.policiesAt(Direction.UPCALL, names, m.getName(), method.parameters())) {
                    String where = c.getName() + "." + m.getName();
                    if (check.entersBoundary(c, m.getInternalName() + m.getDescriptor())) {
                        active.computeIfAbsent(p.rule, r -> new ArrayList<>()).add(where);
                    } else {
                        inactive.computeIfAbsent(p.rule, r -> new ArrayList<>()).add(where + check.reason(c));
                    }
                }
            }
        }
        for (BoundaryRule rule : rules.boundaries()) {
            if (rule.direction() == Direction.UPCALL) {
                check.report(rule, check.describe(rule), active.getOrDefault(rule, List.of()),
                        inactive.getOrDefault(rule, List.of()), "in",
                        "no loaded class has a matching method; it acts on classes loaded later");
            }
        }
    }
}
