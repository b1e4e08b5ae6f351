package io.gilguard.instrument.seam;

import io.gilguard.instrument.AdvisedMethod;
import io.gilguard.instrument.ClassFile;
import io.gilguard.instrument.Phase;
import io.gilguard.instrument.Seam;
import io.gilguard.instrument.SelfCheck;
import io.gilguard.instrument.advice.Advices;
import io.gilguard.instrument.rewrite.DowncallSites;
import io.gilguard.instrument.rewrite.NativeMethods;
import io.gilguard.instrument.rewrite.TypeNames;
import io.gilguard.plan.Plan;
import io.gilguard.rules.BoundaryRule;
import io.gilguard.rules.Direction;
import io.gilguard.rules.RuleSet;
import io.gilguard.runtime.Locks;
import io.gilguard.runtime.Sites;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The {@code downcall} rules on {@code native} methods. At start-up the native method itself is
 * wrapped (advice, through the native method prefix). At attach a loaded class cannot gain the
 * wrapper, so every call of a matched native method in the application's classes gets the
 * boundary around it instead ({@link DowncallSites}); classes loaded after the attach get the
 * same, so that each can be given back its original bytecode at detach. Either way the site
 * reported is the native method.
 */
final class NativeDowncalls implements Seam {
    /** A rewritten call: which rule it serves, in which method, of which native method. */
    private record CallSite(BoundaryRule rule, String caller, String method, String descriptor, String nativeMethod) {
        String where() {
            return caller + "." + method;
        }
    }

    /** What a call instruction names: a matched native method's boundary, or nothing ({@code id} -1). */
    private record Target(int id, String nativeMethod, List<BoundaryRule> rules) {
        static final Target NONE = new Target(-1, null, List.of());
    }

    private final Plan plan;
    private final RuleSet rules;
    private final Phase phase;
    private final NativeMethods natives = new NativeMethods();
    /** Declaring class, name and descriptor of a matched native method, to its boundary number. */
    private final Map<String, Integer> boundaries = new ConcurrentHashMap<>();
    private final Set<CallSite> callSites = ConcurrentHashMap.newKeySet();
    /** Per rule, the matching native methods that the classes seen declare, for the self-check. */
    private final Map<BoundaryRule, Set<String>> declared = new ConcurrentHashMap<>();

    NativeDowncalls(Plan plan, Phase phase) {
        this.plan = plan;
        this.rules = plan.rules();
        this.phase = phase;
    }

    @Override
    public boolean active() {
        return rules.has(Direction.DOWNCALL);
    }

    @Override
    public boolean advising() {
        return phase == Phase.STARTUP;
    }

    @Override
    public boolean advises(TypeDescription type, ClassLoader loader) {
        for (MethodDescription m : type.getDeclaredMethods()) {
            if (m.isNative() && !policies(type.getName(), m.getName(), AdvisedMethod.parameters(m)).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void advise(AdvisedMethod method, List<Advice> advice) {
        if (!method.method().isNative()) {
            return;
        }
        String where = method.type().getName() + "." + method.name();
        List<RuleSet.Applied> policies = rules.policiesAt(Direction.DOWNCALL, List.of(method.type().getName()),
                method.name(), method.parameters(), plan.coverage().shadowing(where));
        if (policies.isEmpty()) {
            return;
        }
        matched(policies, method.loader(), where);
        int id = plan.boundary(method.site(), true, policies);
        advice.add(Advices.boundary(id, true, plan.enforces(policies)));
    }

    @Override
    public ClassVisitor rewrite(ClassVisitor next, ClassFile file) {
        if (phase != Phase.ATTACH) {
            return next;
        }
        noteDeclared(file);
        Scan scan = new Scan(file.loader());
        file.reader().accept(scan, ClassReader.SKIP_FRAMES);
        if (scan.methods.isEmpty()) {
            return next;
        }
        callSites.addAll(scan.sites);
        file.expandFrames();
        file.changed();
        return new DowncallSites(next, scan.targets, scan.methods, file::error);
    }

    private List<RuleSet.Applied> policies(String className, String method, List<String> params) {
        return rules.policiesAt(Direction.DOWNCALL, List.of(className), method, params);
    }

    private void matched(List<RuleSet.Applied> policies, ClassLoader loader, String where) {
        for (RuleSet.Applied p : policies) {
            if (p.lock != BoundaryRule.NO_LOCK) {
                Locks.loader(p.lock, loader);
            }
            plan.coverage().matched(p.rule, where);
        }
    }

    /** The boundary of a matched native method, defined once whichever class calls it. */
    private int boundary(NativeMethods.Declared in, String name, String descriptor, List<RuleSet.Applied> policies,
                         ClassLoader loader) {
        return boundaries.computeIfAbsent(in.className + "." + name + descriptor, key -> {
            matched(policies, loader, in.className + "." + name);
            return plan.boundary(Sites.register(in.className, name, in.file, -1), true, policies);
        });
    }

    private boolean mayName(String method) {
        for (BoundaryRule rule : rules.boundaries()) {
            if (rule.direction() == Direction.DOWNCALL && rule.pattern().method().matches(method)) {
                return true;
            }
        }
        return false;
    }

    /** The native methods a class declares that a rule matches, for the self-check. */
    private void noteDeclared(ClassFile file) {
        String className = file.name();
        file.reader().accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                if ((access & Opcodes.ACC_NATIVE) != 0) {
                    for (RuleSet.Applied p : policies(className, name, TypeNames.parameters(descriptor))) {
                        declared.computeIfAbsent(p.rule, r -> ConcurrentHashMap.newKeySet()).add(className + "." + name);
                    }
                }
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    }

    /**
     * First pass: which calls name a matched native method (their boundary numbers, by
     * {@code owner.name descriptor}), and in which methods, with each method's local count.
     */
    private final class Scan extends ClassVisitor {
        private final ClassLoader loader;
        final Map<String, Integer> targets = new HashMap<>();
        /** Methods with a matched call ({@code name descriptor}), to their original maxLocals. */
        final Map<String, Integer> methods = new HashMap<>();
        final List<CallSite> sites = new ArrayList<>();
        private final Map<String, Target> resolved = new HashMap<>();
        private String caller;

        Scan(ClassLoader loader) {
            super(Opcodes.ASM9);
            this.loader = loader;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            caller = name.replace('/', '.');
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            String key = name + descriptor;
            return new MethodVisitor(Opcodes.ASM9) {
                private boolean matched;

                @Override
                public void visitMethodInsn(int opcode, String owner, String callee, String calleeDescriptor, boolean isInterface) {
                    if (opcode == Opcodes.INVOKEINTERFACE || isInterface || !mayName(callee)) {
                        return;
                    }
                    String target = owner + "." + callee + calleeDescriptor;
                    Target t = resolved.computeIfAbsent(target, k -> resolve(owner, callee, calleeDescriptor));
                    targets.putIfAbsent(target, t.id);
                    for (BoundaryRule rule : t.rules) {
                        sites.add(new CallSite(rule, caller, name, descriptor, t.nativeMethod));
                    }
                    matched |= t.id >= 0;
                }

                @Override
                public void visitMaxs(int maxStack, int maxLocals) {
                    if (matched) {
                        methods.put(key, maxLocals);
                    }
                }
            };
        }

        private Target resolve(String owner, String callee, String calleeDescriptor) {
            NativeMethods.Declared in = natives.nativeMethod(loader, owner, callee, calleeDescriptor);
            if (in == null) {
                return Target.NONE;
            }
            List<RuleSet.Applied> policies = rules.policiesAt(Direction.DOWNCALL, List.of(in.className), callee,
                    TypeNames.parameters(calleeDescriptor), plan.coverage().shadowing(in.className + "." + callee));
            if (policies.isEmpty()) {
                return Target.NONE;
            }
            List<BoundaryRule> matched = new ArrayList<>();
            for (RuleSet.Applied p : policies) {
                matched.add(p.rule);
            }
            return new Target(boundary(in, callee, calleeDescriptor, policies, loader), in.className + "." + callee, matched);
        }
    }

    @Override
    public void check(SelfCheck check) {
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
                called.add(site.nativeMethod());
                String where = site.where() + " -> " + simple(site.nativeMethod());
                if (check.entersBoundary(e.getValue(), site.method() + site.descriptor())) {
                    active.add(where);
                } else {
                    inactive.add(where + check.reason(e.getValue()));
                }
            }
            String name = check.describe(rule);
            Set<String> uncalled = new java.util.TreeSet<>(declared.getOrDefault(rule, Set.of()));
            uncalled.removeAll(called);
            if (active.isEmpty() && inactive.isEmpty()) {
                check.add(rule, name + ": " + (uncalled.isEmpty()
                        ? "no loaded class declares a matching native method; it acts on classes loaded later"
                        : String.join(", ", uncalled) + " matched, but no loaded class calls it yet; calls in classes"
                                + " loaded later are seen (not those through reflection, method handles or method references)"));
                continue;
            }
            check.report(rule, name, active, inactive, "at call sites", null);
            if (!uncalled.isEmpty()) {
                check.add(rule, name + ": also matched " + String.join(", ", uncalled) + ", which no loaded class calls yet");
            }
        }
    }

    /** {@code Class.method} without the package, where the rule already names it. */
    private static String simple(String qualified) {
        int dot = qualified.lastIndexOf('.', qualified.lastIndexOf('.') - 1);
        return dot < 0 ? qualified : qualified.substring(dot + 1);
    }
}
