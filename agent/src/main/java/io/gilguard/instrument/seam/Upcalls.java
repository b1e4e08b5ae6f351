package io.gilguard.instrument.seam;

import io.gilguard.instrument.AdvisedMethod;
import io.gilguard.instrument.ClassFile;
import io.gilguard.instrument.ClassFiles;
import io.gilguard.instrument.ClassHeader;
import io.gilguard.instrument.DeclaredMethod;
import io.gilguard.instrument.DeclaredType;
import io.gilguard.instrument.Phase;
import io.gilguard.instrument.PoolNames;
import io.gilguard.instrument.Seam;
import io.gilguard.instrument.SelfCheck;
import io.gilguard.instrument.Supertypes;
import io.gilguard.instrument.advice.Advice;
import io.gilguard.instrument.advice.Advices;
import io.gilguard.instrument.rewrite.LambdaSites;
import io.gilguard.instrument.rewrite.MethodReferenceBridges;
import io.gilguard.instrument.rewrite.SourceLines;
import io.gilguard.instrument.rewrite.TypeNames;
import io.gilguard.plan.Plan;
import io.gilguard.rules.BoundaryRule;
import io.gilguard.rules.Direction;
import io.gilguard.rules.RuleSet;
import io.gilguard.runtime.Errors;
import io.gilguard.runtime.Sites;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;

/**
 * The {@code upcall} rules: advice around every method with code that a rule names, in the
 * class it names or any class that extends or implements it, and around the body of every
 * lambda that implements it. A lambda object is made by the JDK in a hidden class no transformer
 * sees; its body is a method of the class that makes it, found from that class's
 * {@code invokedynamic} sites. The same at start-up and at attach, where a lambda made before
 * the attach is covered too. A {@code java.lang.reflect.Proxy} class is a class like any other
 * here: it implements the interface and goes through the transformers, in the loader it is
 * defined in (see {@code Excluded}); its methods have no lines.
 */
final class Upcalls implements Seam {
    private static final String LAMBDA = "lambda$";

    private final Plan plan;
    private final RuleSet rules;
    private final Phase phase;
    /** Per class (by name), its lambda bodies ({@code name descriptor}) that implement a ruled method; empty when none. */
    private final Map<String, Map<String, List<RuleSet.Applied>>> lambdas = new ConcurrentHashMap<>();
    /**
     * The class whose lambda sites the advice route read last on this thread, with the method
     * references to ruled methods it found: the rewrite route, which at start-up transforms the
     * same class right after it on the same thread, takes them rather than read the class again.
     */
    private final ThreadLocal<Scanned> scanned = new ThreadLocal<>();
    /**
     * The method names the upcall rules name, when each names its method in full (as most do):
     * asked of every class that loads, in place in its class file. Null when a rule's method is a
     * pattern ({@code on*}): then {@link #ruled} asks each name.
     */
    private final PoolNames ruledNames;
    /** A method name an upcall rule names (a class, not a lambda: NoLambdaTest). */
    private final Predicate<String> ruled = new Predicate<>() {
        @Override
        public boolean test(String method) {
            return rules.namesMethod(Direction.UPCALL, method);
        }
    };

    Upcalls(Plan plan, Phase phase) {
        this.plan = plan;
        this.rules = plan.rules();
        this.phase = phase;
        this.ruledNames = namedInFull(rules);
    }

    private static PoolNames namedInFull(RuleSet rules) {
        List<String> names = new ArrayList<>();
        for (BoundaryRule rule : rules.boundaries()) {
            if (rule.direction() == Direction.UPCALL && rule.symbol() == null) {
                String method = rule.pattern().method().toString();
                if (method.indexOf('*') >= 0) {
                    return null;
                }
                names.add(method);
            }
        }
        return PoolNames.of(names);
    }

    @Override
    public boolean advising() {
        return true;
    }

    /**
     * A class that declares a method some rule names, or a lambda body whose interface method a
     * rule may name: one of the class's {@code invokedynamic} sites then has that name.
     */
    @Override
    public boolean mayAdvise(ClassHeader header) {
        return (ruledNames != null ? header.declaresMethodNamed(ruledNames) : header.declaresMethod(ruled))
                || header.declaresMethodPrefixed(LAMBDA) && mayMakeRuledLambda(header);
    }

    private static boolean hasLambdaBodies(DeclaredType type) {
        for (DeclaredMethod m : type.methods()) {
            if (m.name().startsWith(LAMBDA)) {
                return true;
            }
        }
        return false;
    }

    /** A lambda or method reference is made by an {@code invokedynamic} named after its interface method. */
    private boolean mayMakeRuledLambda(ClassHeader header) {
        return ruledNames != null ? header.makesCallSiteNamed(ruledNames) : header.makesCallSiteNamed(ruled);
    }

    @Override
    public boolean advises(DeclaredType type) {
        if (!lambdaBodies(type).isEmpty()) {
            return true;
        }
        for (DeclaredMethod m : type.methods()) {
            if (m.hasCode() && !named(type, m, null).isEmpty()) {
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
        List<RuleSet.Applied> policies = policies(method, plan.coverage().shadowing(method.type().name() + "." + method.name()));
        if (policies.isEmpty()) {
            return;
        }
        plan.matched(policies, method.loader(), method.type().name() + "." + method.name());
        int id = plan.boundary(method.site(), false, policies);
        advice.add(Advices.boundary(id, false, plan.enforces(policies)));
    }

    /** The policies at a method: as a method of its class and its supertypes, else as a lambda body. */
    private List<RuleSet.Applied> policies(AdvisedMethod method) {
        return policies(method, null);
    }

    /** As {@link #policies(AdvisedMethod)}; {@code shadowing} (or null) hears of the rules shadowed there. */
    private List<RuleSet.Applied> policies(AdvisedMethod method, RuleSet.Shadowing shadowing) {
        List<RuleSet.Applied> policies = named(method.type(), method.method(), shadowing);
        if (policies.isEmpty() && method.name().startsWith(LAMBDA)) {
            return lambdaBodies(method.type()).getOrDefault(method.method().signature(), List.of());
        }
        return policies;
    }

    /**
     * The policies of the rules that name method {@code m} of {@code type} or of a supertype. The
     * supertypes (class files read through the loader) are asked only when some rule names a
     * method so named: a class advised for another seam's sake (its native methods) has many that
     * none does.
     */
    private List<RuleSet.Applied> named(DeclaredType type, DeclaredMethod m, RuleSet.Shadowing shadowing) {
        return rules.namesMethod(Direction.UPCALL, m.name())
                ? rules.policiesAt(Direction.UPCALL, type.typeNames(), m.name(), m.parameters(), shadowing)
                : List.of();
    }

    /**
     * The class's lambda bodies that implement a ruled interface method, read once from its class
     * file, and only for a class that has some lambda ({@code lambda$…} methods).
     */
    private Map<String, List<RuleSet.Applied>> lambdaBodies(DeclaredType type) {
        Map<String, List<RuleSet.Applied>> known = lambdas.get(type.name());
        if (known != null) {
            return known;
        }
        ClassLoader loader = type.loader();
        if (loader == null || !hasLambdaBodies(type)) {
            return Map.of();
        }
        byte[] bytes = type.bytes() != null ? type.bytes() : ClassFiles.read(loader, type.name());
        if (bytes == null) {
            // no class file to read (made at run time): its lambdas cannot be found
            lambdas.put(type.name(), Map.of());
            return Map.of();
        }
        List<Reference> found = new ArrayList<>();
        Map<String, List<RuleSet.Applied>> bodies = scan(type.name(), bytes, loader, found);
        scanned.set(new Scanned(type.name(), found));
        return bodies;
    }

    /**
     * Rewrite route, which sees every class: its lambda bodies are noted (at start-up the advice
     * route has looked at the class already, and found them itself), and each method reference
     * that implements a ruled method gets a bridge with the boundary ({@link MethodReferenceBridges});
     * at attach, where no class may gain a method, it is said to be unchecked.
     */
    @Override
    public boolean mayRewrite(ClassHeader header) {
        // a class that makes no lambda, or none of a ruled method, has no bridge to gain; the call
        // sites first: most classes have none, and then the pool is not walked
        return mayMakeRuledLambda(header) && header.mentions(LambdaSites.METAFACTORY);
    }

    @Override
    public ClassVisitor rewrite(ClassVisitor next, ClassFile file) {
        Scanned last = scanned.get();
        scanned.remove();
        List<Reference> references;
        if (last != null && last.className.equals(file.name())) {
            references = last.references;
        } else {
            references = new ArrayList<>();
            scan(file.name(), file.bytes(), file.loader(), references);
        }
        if (references.isEmpty()) {
            return next;
        }
        String owner = file.name().replace('.', '/');
        boolean canAdd = phase == Phase.STARTUP && (file.reader().getAccess() & Opcodes.ACC_INTERFACE) == 0;
        Map<String, MethodReferenceBridges.Bridge> bridges = new HashMap<>();
        for (Reference r : references) {
            if (!canAdd || !MethodReferenceBridges.bridgeable(r.site.impl(), owner)) {
                unchecked(file.name(), r.site, r.policies, phase == Phase.ATTACH ? "at attach a loaded class cannot"
                        + " gain the bridge that would check it" : "gilguard checks lambdas, classes and method"
                        + " references to methods, not this one");
                continue;
            }
            plan.matched(r.policies, file.loader(), r.site.impl().getOwner().replace('/', '.') + "." + r.site.impl().getName());
            int id = plan.boundary(referencedSite(r.site.impl(), file), false, r.policies);
            bridges.put(MethodReferenceBridges.key(r.site.impl(), r.site.iface(), r.site.samName()),
                    new MethodReferenceBridges.Bridge(id, plan.enforces(r.policies)));
        }
        return bridges.isEmpty() ? next : new MethodReferenceBridges(next, bridges, file.onChange());
    }

    /** A method reference that implements a ruled interface method. */
    private record Reference(LambdaSites.Site site, List<RuleSet.Applied> policies) {}

    /** A class's lambda sites as read: its method references to ruled methods. */
    private record Scanned(String className, List<Reference> references) {}

    /** Notes the class's lambda bodies; adds to {@code references} (if not null) its method references that implement a ruled method. */
    private Map<String, List<RuleSet.Applied>> scan(String className, byte[] bytes, ClassLoader loader,
                                                    List<Reference> references) {
        Map<String, List<RuleSet.Applied>> bodies = new LinkedHashMap<>();
        String owner = className.replace('.', '/');
        for (LambdaSites.Site site : LambdaSites.of(bytes)) {
            if (!rules.namesMethod(Direction.UPCALL, site.samName())) {
                continue; // no rule names its method: its interface is not read
            }
            List<RuleSet.Applied> policies = rules.policiesAt(Direction.UPCALL, Supertypes.of(site.iface().replace('/', '.'), loader),
                    site.samName(), TypeNames.parameters(site.samDescriptor()));
            if (policies.isEmpty()) {
                continue;
            }
            if (site.serializable()) {
                // its form (the body's name, the referenced method) is what it serializes to: left alone
                unchecked(className, site, policies, "it is serializable, and checking it would change what it"
                        + " serializes to");
            } else if (site.isLambda(owner)) {
                bodies.put(site.impl().getName() + site.impl().getDesc(), policies);
            } else if (references != null) {
                references.add(new Reference(site, policies));
            }
        }
        lambdas.put(className, bodies);
        return bodies;
    }

    /** The referenced method's own site: its class, file and first line, read from its class file. */
    private static int referencedSite(Handle target, ClassFile file) {
        String owner = target.getOwner().replace('/', '.');
        // without a class file, the site is named without file or line
        byte[] bytes = owner.equals(file.name()) ? file.bytes() : ClassFiles.read(file.loader(), owner);
        SourceLines lines = SourceLines.of(bytes);
        return Sites.register(owner, target.getName(), lines.file(), lines.firstLine(target.getName(), target.getDesc()));
    }

    private static void unchecked(String className, LambdaSites.Site site, List<RuleSet.Applied> policies, String why) {
        for (RuleSet.Applied p : policies) {
            String what = site.isLambda(className.replace('.', '/')) ? "the lambda " + site.impl().getName()
                    : "the method reference " + site.impl().getOwner().replace('/', '.') + "::" + site.impl().getName();
            Errors.note("rule " + p.rule.where() + ": " + what + " made in " + className + "." + site.method() + " (line "
                    + site.line() + ") implements " + site.interfaceName() + "#" + site.samName()
                    + " and is not checked: " + why);
        }
    }

    @Override
    public void check(SelfCheck check) {
        Map<BoundaryRule, List<String>> active = new LinkedHashMap<>();
        Map<BoundaryRule, List<String>> inactive = new LinkedHashMap<>();
        for (Class<?> c : check.advised()) {
            DeclaredType type = DeclaredType.of(c);
            for (DeclaredMethod m : type.methods()) {
                AdvisedMethod method = new AdvisedMethod(type, m, null, -1);
                if (!method.hasCode()) {
                    continue;
                }
                for (RuleSet.Applied p : policies(method)) {
                    String where = c.getName() + "." + m.name();
                    if (check.entersBoundary(c, m.signature())) {
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
