package io.gilguard.instrument.seam;

import io.gilguard.instrument.SelfCheck;
import io.gilguard.rules.BoundaryRule;
import io.gilguard.rules.Direction;
import io.gilguard.rules.RuleSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * At attach, what the {@code downcall} rules reached: the calls rewritten for them and the
 * matched native methods the classes seen declare. The self-check says, per rule, at which calls
 * the running bytecode enters the boundary, and which native methods nothing calls yet.
 */
final class DowncallCheck {
    /** What a rule with '*' in its class cannot cover. */
    static final String NOT_SEEN_THROUGH = "not seen: a call through a supertype or interface in a class loaded before"
            + " the first native implementation this rule matches there, when that is loaded after the attach (a class"
            + " named without '*' is found through the calling class's loader)";

    /**
     * A rewritten call: which rule it serves, in which method, of which method ({@code called},
     * the native method itself, or the supertype's) and, through a supertype, which classes'
     * native implementations the rule matches there ({@code through}, names with dots).
     */
    record CallSite(BoundaryRule rule, String caller, String method, String descriptor, String called,
                    List<String> through) {
        String where() {
            return caller + "." + method;
        }

        /** {@code Class.method}, and the classes it goes through for a call through a supertype. */
        String target() {
            return simple(called) + (through.isEmpty() ? "" : " (through " + through.stream()
                    .map(c -> c.substring(c.lastIndexOf('.') + 1)).collect(Collectors.joining(", ")) + ")");
        }

        /** The native methods it reaches. */
        List<String> reached() {
            String name = called.substring(called.lastIndexOf('.'));
            return through.isEmpty() ? List.of(called) : through.stream().map(c -> c + name).collect(Collectors.toList());
        }
    }

    private final RuleSet rules;
    private final Set<CallSite> callSites = ConcurrentHashMap.newKeySet();
    /** Per rule, the matching native methods that the classes seen declare. */
    private final Map<BoundaryRule, Set<String>> declared = new ConcurrentHashMap<>();

    DowncallCheck(RuleSet rules) {
        this.rules = rules;
    }

    void rewritten(Collection<CallSite> sites) {
        callSites.addAll(sites);
    }

    /** {@code rule} matches the native method {@code Class.method} a class seen declares. */
    void declared(BoundaryRule rule, String method) {
        declared.computeIfAbsent(rule, r -> ConcurrentHashMap.newKeySet()).add(method);
    }

    void check(SelfCheck check) {
        Map<CallSite, Class<?>> loaded = new LinkedHashMap<>();
        for (CallSite site : callSites) {
            Class<?> c = check.retransformed(site.caller());
            if (c != null) {
                loaded.put(site, c);
            }
        }
        check.readBack(loaded.values());
        for (BoundaryRule rule : rules.boundaries()) {
            if (rule.direction() != Direction.DOWNCALL) {
                continue;
            }
            List<String> active = new ArrayList<>();
            List<String> inactive = new ArrayList<>();
            Set<String> called = new LinkedHashSet<>();
            for (Map.Entry<CallSite, Class<?>> e : loaded.entrySet()) {
                CallSite site = e.getKey();
                if (site.rule() != rule) {
                    continue;
                }
                called.addAll(site.reached());
                String where = site.where() + " -> " + site.target();
                if (check.entersBoundary(e.getValue(), site.method() + site.descriptor())) {
                    active.add(where);
                } else {
                    inactive.add(where + check.reason(e.getValue()));
                }
            }
            String name = check.describe(rule);
            Set<String> uncalled = new TreeSet<>(declared.getOrDefault(rule, Set.of()));
            uncalled.removeAll(called);
            if (active.isEmpty() && inactive.isEmpty() && uncalled.isEmpty()) {
                // FFM or JNA may serve the rule (a native: rule, a Library interface's method): said only if neither does
                check.otherwise(rule, name + ": no loaded class declares a matching " + (rule.symbol() != null
                        ? "JNI native method (nor was an FFM or JNA call of the symbol found)"
                        : "native method") + "; it acts on classes loaded later" + (rule.pattern() != null
                        && rule.pattern().type().toString().contains("*") ? "; " + NOT_SEEN_THROUGH : ""));
                continue;
            }
            if (active.isEmpty() && inactive.isEmpty()) {
                check.add(rule, name + ": " + String.join(", ", uncalled) + " matched, but no loaded class calls it yet;"
                        + " calls in classes loaded later are seen (not those through reflection, method handles or"
                        + " method references)");
            } else {
                check.report(rule, name, active, inactive, "at call sites", null);
                if (!uncalled.isEmpty()) {
                    check.add(rule, name + ": also matched " + String.join(", ", uncalled) + ", which no loaded class calls yet");
                }
            }
            if (rule.pattern() == null || rule.pattern().type().toString().contains("*")) {
                // Such a class is known only once it loads: a call rewritten before cannot be told of it.
                check.add(rule, name + ": " + NOT_SEEN_THROUGH);
            }
        }
    }

    /** {@code Class.method} without the package, where the rule already names it. */
    private static String simple(String qualified) {
        int dot = qualified.lastIndexOf('.', qualified.lastIndexOf('.') - 1);
        return dot < 0 ? qualified : qualified.substring(dot + 1);
    }
}
