package io.gilguard.instrument;

import io.gilguard.rules.BoundaryRule;
import io.gilguard.rules.Direction;
import io.gilguard.rules.LockRule;
import io.gilguard.rules.RuleSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/**
 * After an attach, says for every rule whether it is really active, from the bytecode the JVM
 * now runs ({@link Witness}) and not from what the transformers meant to do: each loaded method
 * a rule applies to must call gilguard's hook, else the rule is {@code NOT active} there, with
 * the reason when one was given. A rule that matches nothing loaded yet says so: it acts on the
 * classes loaded later.
 */
final class SelfCheck {
    /** The ways into a boundary: any callback or downcall site, an upcall's own, an enforced one's. */
    private static final List<String> ENTERS = List.of("io/gilguard/runtime/Boundaries.enter",
            "io/gilguard/runtime/Boundaries.enterUpcall", "io/gilguard/runtime/Boundaries.enterEnforced");
    private static final String PAIR_ACQUIRED = "io/gilguard/runtime/LockHooks.pairAcquired";
    private static final String PAIR_RELEASING = "io/gilguard/runtime/LockHooks.pairReleasing";

    private final RuleSet rules;
    private final Witness.Seen seen;
    private final List<String> errors;
    private final List<String> lines = new ArrayList<>();
    private final Map<BoundaryRule, List<String>> ruleLines = new LinkedHashMap<>();
    private BoundaryRule current;
    private boolean allActive = true;

    SelfCheck(RuleSet rules, Witness.Seen seen, List<String> errors) {
        this.rules = rules;
        this.seen = seen;
        this.errors = errors;
    }

    /** The locks first, then the rules in the order of the rules file. */
    List<String> lines() {
        List<String> all = new ArrayList<>(lines);
        for (BoundaryRule rule : rules.boundaries()) {
            all.addAll(ruleLines.getOrDefault(rule, List.of()));
        }
        return all;
    }

    boolean allActive() {
        return allActive;
    }

    void locks(List<String> staticLocks, Collection<Class<?>> advised) {
        current = null;
        for (String line : staticLocks) {
            add(line);
        }
        List<LockRule> locks = rules.locks();
        for (int id = 0; id < locks.size(); id++) {
            LockRule lock = locks.get(id);
            if (lock.shape() != LockRule.Shape.PAIR) {
                continue;
            }
            List<String> active = new ArrayList<>();
            List<String> inactive = new ArrayList<>();
            for (Class<?> c : advised) {
                TypeDescription type = TypeDescription.ForLoadedType.of(c);
                for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
                    for (boolean acquire : new boolean[] {true, false}) {
                        if (BoundaryInstaller.pairLock(rules, type, m, acquire) != id) {
                            continue;
                        }
                        String where = c.getName() + "#" + m.getName();
                        if (m.isNative()) {
                            inactive.add(where + " (native: at attach, a native method cannot take advice)");
                        } else if (seen.calls(c, key(m), acquire ? PAIR_ACQUIRED : PAIR_RELEASING)) {
                            active.add(where);
                        } else {
                            inactive.add(where + reason(c));
                        }
                    }
                }
            }
            String name = "lock '" + lock.name() + "' = pair " + lock.acquire() + " / " + lock.release();
            report(name, active, inactive, "in", "no loaded class declares its methods; followed from when one is loaded");
        }
    }

    void upcalls(Collection<Class<?>> advised) {
        Map<BoundaryRule, List<String>> active = new LinkedHashMap<>();
        Map<BoundaryRule, List<String>> inactive = new LinkedHashMap<>();
        for (Class<?> c : advised) {
            TypeDescription type = TypeDescription.ForLoadedType.of(c);
            List<String> names = BoundaryInstaller.typeNames(type);
            for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
                if (!BoundaryInstaller.upcall(m)) {
                    continue;
                }
                for (RuleSet.Applied p : rules.policiesAt(Direction.UPCALL, names, m.getName(), BoundaryInstaller.parameters(m))) {
                    String where = c.getName() + "." + m.getName();
                    if (entersBoundary(c, key(m))) {
                        active.computeIfAbsent(p.rule, r -> new ArrayList<>()).add(where);
                    } else {
                        inactive.computeIfAbsent(p.rule, r -> new ArrayList<>()).add(where + reason(c));
                    }
                }
            }
        }
        for (BoundaryRule rule : rules.boundaries()) {
            if (rule.direction() == Direction.UPCALL) {
                current = rule;
                report(describe(rule), active.getOrDefault(rule, List.of()), inactive.getOrDefault(rule, List.of()),
                        "in", "no loaded class has a matching method; it acts on classes loaded later");
            }
        }
    }

    /**
     * {@code callSites}: the rewritten calls in loaded classes, with their class; {@code natives}:
     * per rule, the matching native methods declared by loaded classes.
     */
    void downcalls(Map<DowncallSiteTransformer.CallSite, Class<?>> callSites, Map<BoundaryRule, Set<String>> natives) {
        for (BoundaryRule rule : rules.boundaries()) {
            if (rule.direction() != Direction.DOWNCALL) {
                continue;
            }
            current = rule;
            List<String> active = new ArrayList<>();
            List<String> inactive = new ArrayList<>();
            Set<String> called = new LinkedHashSet<>();
            for (Map.Entry<DowncallSiteTransformer.CallSite, Class<?>> e : callSites.entrySet()) {
                DowncallSiteTransformer.CallSite site = e.getKey();
                if (site.rule() != rule) {
                    continue;
                }
                called.add(site.nativeMethod());
                String where = site.where() + " -> " + simple(site.nativeMethod());
                if (entersBoundary(e.getValue(), site.method() + site.descriptor())) {
                    active.add(where);
                } else {
                    inactive.add(where + reason(e.getValue()));
                }
            }
            String name = describe(rule);
            Set<String> uncalled = new LinkedHashSet<>(natives.getOrDefault(rule, Set.of()));
            uncalled.removeAll(called);
            if (active.isEmpty() && inactive.isEmpty()) {
                add(name + ": " + (uncalled.isEmpty()
                        ? "no loaded class declares a matching native method; it acts on classes loaded later"
                        : String.join(", ", uncalled) + " matched, but no loaded class calls it yet; calls in classes"
                                + " loaded later are seen (not those through reflection, method handles or method references)"));
                continue;
            }
            report(name, active, inactive, "at call sites", null);
            if (!uncalled.isEmpty()) {
                add(name + ": also matched " + String.join(", ", uncalled) + ", which no loaded class calls yet");
            }
        }
    }

    private void report(String name, List<String> active, List<String> inactive, String preposition, String none) {
        active = active.stream().sorted().distinct().collect(java.util.stream.Collectors.toList());
        inactive = inactive.stream().sorted().distinct().collect(java.util.stream.Collectors.toList());
        if (!inactive.isEmpty()) {
            allActive = false;
            add("NOT active: " + name + ": " + String.join("; ", inactive));
        }
        if (!active.isEmpty()) {
            add(name + ": active " + preposition + " " + String.join(", ", active));
        } else if (inactive.isEmpty() && none != null) {
            add(name + ": " + none);
        }
    }

    /** A line about a lock, or about the rule being checked ({@link #current}). */
    private void add(String line) {
        if (line.startsWith("NOT active")) {
            allActive = false;
        }
        (current == null ? lines : ruleLines.computeIfAbsent(current, r -> new ArrayList<>())).add(line);
    }

    /** Why a class has no hook: the error said about it, if any. */
    private String reason(Class<?> c) {
        if (!seen.read(c)) {
            for (String e : errors) {
                if (e.contains(" " + c.getName() + ":")) {
                    return " (" + e + ")";
                }
            }
            return " (the JVM did not retransform it)";
        }
        for (String e : errors) {
            if (e.contains(" " + c.getName() + ":")) {
                return " (" + e + ")";
            }
        }
        return " (no hook in the running bytecode)";
    }

    /** {@code Class.method} without the package, where the rule already names it. */
    private static String simple(String qualified) {
        int dot = qualified.lastIndexOf('.', qualified.lastIndexOf('.') - 1);
        return dot < 0 ? qualified : qualified.substring(dot + 1);
    }

    private static String key(MethodDescription m) {
        return m.getInternalName() + m.getDescriptor();
    }

    private String describe(BoundaryRule rule) {
        return "rule " + rule.where() + " (" + rule.direction().name().toLowerCase(Locale.ROOT) + " " + rule.pattern()
                + " " + rule.policy().word() + (rule.lock() == BoundaryRule.NO_LOCK ? "" : " "
                + rules.locks().get(rule.lock()).name()) + ")";
    }

    private boolean entersBoundary(Class<?> c, String method) {
        for (String enter : ENTERS) {
            if (seen.calls(c, method, enter)) {
                return true;
            }
        }
        return false;
    }
}
