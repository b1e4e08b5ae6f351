package io.gilguard.instrument;

import io.gilguard.rules.BoundaryRule;
import io.gilguard.rules.RuleSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * After an attach, what each seam says of its rules, from the bytecode the JVM now runs and not
 * from what the transformers meant to do: each loaded method a rule applies to must call
 * gilguard's hook, else the rule is {@code NOT active} there, with the reason when one was given.
 * Lines about locks come first, then the rules in the order of the rules file.
 */
public final class SelfCheck {
    /** The ways into a boundary: any callback or downcall site, an upcall's own, an enforced one's, a call through a supertype's. */
    private static final List<String> ENTERS = List.of("io/gilguard/runtime/Boundaries.enter",
            "io/gilguard/runtime/Boundaries.enterUpcall", "io/gilguard/runtime/Boundaries.enterEnforced",
            "io/gilguard/runtime/SupertypeCalls.enter");

    /** The bytecode the JVM runs now, read back class by class. */
    public interface Running {
        /** Reads these classes back, those not read yet, in batches. */
        void read(Collection<Class<?>> classes);

        /** Whether the class was read back (the JVM accepted its retransformation). */
        boolean read(Class<?> c);

        /** Whether {@code method} ({@code name descriptor}) of {@code c} calls {@code owner.name} (owner with slashes). */
        boolean calls(Class<?> c, String method, String target);
    }

    private final RuleSet rules;
    private final Running running;
    private final Supplier<List<String>> errors;
    private final Set<Class<?>> advised;
    private final Map<String, Class<?>> retransformed;
    private final List<String> lockLines = new ArrayList<>();
    private final Map<BoundaryRule, List<String>> ruleLines = new LinkedHashMap<>();
    private final Map<BoundaryRule, String> otherwise = new LinkedHashMap<>();
    private boolean allActive = true;

    /**
     * {@code errors}: every transformation error so far; {@code advised}: the loaded classes
     * retransformed for advice; {@code retransformed}: all the loaded classes retransformed, by name.
     */
    public SelfCheck(RuleSet rules, Running running, Supplier<List<String>> errors, Set<Class<?>> advised,
                     Map<String, Class<?>> retransformed) {
        this.rules = rules;
        this.running = running;
        this.errors = errors;
        this.advised = advised;
        this.retransformed = retransformed;
    }

    /** The loaded classes retransformed for advice, read back. */
    public Set<Class<?>> advised() {
        running.read(advised);
        return advised;
    }

    /** A retransformed loaded class by name, null if there is none. */
    public Class<?> retransformed(String name) {
        return retransformed.get(name);
    }

    /** Reads back the running bytecode of these classes before they are asked about. */
    public void readBack(Collection<Class<?>> classes) {
        running.read(classes);
    }

    public boolean calls(Class<?> c, String method, String target) {
        return running.calls(c, method, target);
    }

    public boolean entersBoundary(Class<?> c, String method) {
        for (String enter : ENTERS) {
            if (running.calls(c, method, enter)) {
                return true;
            }
        }
        return false;
    }

    /** Every line: the locks', then the rules' in file order. */
    public List<String> lines() {
        List<String> all = new ArrayList<>(lockLines);
        for (BoundaryRule rule : rules.boundaries()) {
            List<String> lines = ruleLines.get(rule);
            if (lines != null) {
                all.addAll(lines);
            } else if (otherwise.containsKey(rule)) {
                all.add(otherwise.get(rule));
            }
        }
        return all;
    }

    public boolean allActive() {
        return allActive;
    }

    /**
     * One thing checked ({@code rule} null for a lock): NOT active where it has no hook,
     * active where it has one ({@code preposition}: "in", "at call sites"), else {@code none}.
     */
    public void report(BoundaryRule rule, String name, List<String> active, List<String> inactive, String preposition,
                       String none) {
        active = active.stream().sorted().distinct().collect(Collectors.toList());
        inactive = inactive.stream().sorted().distinct().collect(Collectors.toList());
        if (!inactive.isEmpty()) {
            add(rule, "NOT active: " + name + ": " + String.join("; ", inactive));
        }
        if (!active.isEmpty()) {
            add(rule, name + ": active " + preposition + " " + String.join(", ", active));
        } else if (inactive.isEmpty() && none != null) {
            add(rule, name + ": " + none);
        }
    }

    /** A line about a lock ({@code rule} null) or about a rule. */
    public void add(BoundaryRule rule, String line) {
        if (line.startsWith("NOT active")) {
            allActive = false;
        }
        (rule == null ? lockLines : ruleLines.computeIfAbsent(rule, r -> new ArrayList<>())).add(line);
    }

    /**
     * The line to say of {@code rule} when no seam says anything else of it: a seam that found
     * nothing for a rule that several seams serve (a {@code native:} rule: JNI, FFM, JNA; a rule
     * on a method of a JNA {@code Library} interface: its proxy) must not contradict another that did.
     */
    public void otherwise(BoundaryRule rule, String line) {
        otherwise.putIfAbsent(rule, line);
    }

    /** Why a class has no hook: the error said about it, if any. */
    public String reason(Class<?> c) {
        for (String e : errors.get()) {
            if (e.contains(" " + c.getName() + ":")) {
                return " (" + e + ")";
            }
        }
        return running.read(c) ? " (no hook in the running bytecode)" : " (the JVM did not retransform it)";
    }

    /** {@code rule FILE:LINE (direction pattern policy [lock])}. */
    public String describe(BoundaryRule rule) {
        return "rule " + rule.where() + " (" + rule.direction().name().toLowerCase(Locale.ROOT) + " " + rule.target()
                + " " + rule.policy().word() + (rule.lock() == BoundaryRule.NO_LOCK ? "" : " "
                + rules.locks().get(rule.lock()).name()) + ")";
    }
}
