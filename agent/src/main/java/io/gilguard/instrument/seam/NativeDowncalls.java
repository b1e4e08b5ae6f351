package io.gilguard.instrument.seam;

import io.gilguard.instrument.AdvisedMethod;
import io.gilguard.instrument.ClassFile;
import io.gilguard.instrument.ClassFiles;
import io.gilguard.instrument.ClassHeader;
import io.gilguard.instrument.DeclaredMethod;
import io.gilguard.instrument.DeclaredType;
import io.gilguard.instrument.Excluded;
import io.gilguard.instrument.Phase;
import io.gilguard.instrument.Seam;
import io.gilguard.instrument.SelfCheck;
import io.gilguard.instrument.advice.Advice;
import io.gilguard.instrument.advice.Advices;
import io.gilguard.instrument.rewrite.DowncallSites;
import io.gilguard.instrument.rewrite.NativeMethods;
import io.gilguard.instrument.rewrite.TypeNames;
import io.gilguard.plan.Plan;
import io.gilguard.rules.BoundaryRule;
import io.gilguard.rules.Direction;
import io.gilguard.rules.RuleSet;
import io.gilguard.runtime.Sites;
import io.gilguard.runtime.SupertypeCalls;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The {@code downcall} rules on {@code native} methods. At start-up the native method itself is
 * wrapped (advice, through the native method prefix). At attach a loaded class cannot gain the
 * wrapper, so every call of a matched native method in the application's classes gets the
 * boundary around it instead ({@link DowncallSites}); classes loaded after the attach get the
 * same, so that each can be given back its original bytecode at detach. A call through a
 * supertype or an interface whose method a matched native method implements gets a boundary
 * that its receiver's class enters or not, at run time ({@link SupertypeCalls}). Either way the
 * site reported is the native method.
 */
final class NativeDowncalls implements Seam {
    /**
     * What a call instruction names: a matched native method's {@code boundary}; or, through a
     * supertype, the runtime's number of the {@code method} some matched native methods
     * implement; or nothing (both -1). Per rule, the native implementations it matches.
     */
    private record Target(int boundary, int method, String called, Map<BoundaryRule, List<String>> rules) {
        static final Target NONE = new Target(-1, -1, null, Map.of());
    }

    private final Plan plan;
    private final RuleSet rules;
    /** Whether a {@code native:} rule names C symbols: else no method's JNI symbols are made. */
    private final boolean symbolRules;
    private final Phase phase;
    private final NativeMethods natives = new NativeMethods();
    /** Declaring class, name and descriptor of a matched native method, to its boundary number. */
    private final Map<String, Integer> boundaries = new ConcurrentHashMap<>();
    /** The calls rewritten and the matched native methods declared, for the self-check. */
    private final DowncallCheck seen;
    /** Which classes JNA direct-maps: their native methods are also named by their own name. */
    private final DirectMapped directMapped;
    private final NativeImplementations implementations;
    private final ReceiverResolver receivers;

    NativeDowncalls(Plan plan, Phase phase) {
        this.plan = plan;
        this.rules = plan.rules();
        this.symbolRules = rules.hasSymbols();
        this.phase = phase;
        this.seen = new DowncallCheck(rules);
        this.directMapped = new DirectMapped();
        List<String> classes = new ArrayList<>();
        for (BoundaryRule rule : rules.boundaries()) {
            if (rule.direction() == Direction.DOWNCALL && rule.pattern() != null) {
                classes.add(rule.pattern().type().toString());
            }
        }
        // classes, not lambdas (NoLambdaTest)
        this.implementations = new NativeImplementations(natives, new NativeImplementations.Matched() {
            @Override
            public boolean matches(String className, String name, String descriptor) {
                return !policies(className, name, descriptor).isEmpty();
            }
        }, NativeImplementations.named(classes));
        this.receivers = new ReceiverResolver(natives, new ReceiverResolver.Boundaries() {
            @Override
            public int of(NativeMethods.Declared in, String name, String descriptor, ClassLoader loader) {
                return boundary(in, name, descriptor, loader);
            }
        });
    }

    @Override
    public boolean advising() {
        return phase == Phase.STARTUP;
    }

    @Override
    public boolean mayAdvise(ClassHeader header) {
        return header.declaresMethodWith(Opcodes.ACC_NATIVE, 0);
    }

    @Override
    public boolean advises(DeclaredType type) {
        for (DeclaredMethod m : type.methods()) {
            if (m.isNative() && !rules.policiesAt(Direction.DOWNCALL, List.of(type.name()), m.name(),
                    m.parameters(), symbols(type, m.name(), m.descriptor()), null)
                    .isEmpty()) {
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
        String where = method.type().name() + "." + method.name();
        List<RuleSet.Applied> policies = rules.policiesAt(Direction.DOWNCALL, List.of(method.type().name()),
                method.name(), method.parameters(), symbols(method.type(), method.name(),
                        method.method().descriptor()), plan.coverage().shadowing(where));
        if (policies.isEmpty()) {
            return;
        }
        plan.matched(policies, method.loader(), where);
        int id = plan.boundary(method.site(), true, policies);
        advice.add(Advices.boundary(id, true, plan.enforces(policies)));
    }

    /**
     * The native implementations among the loaded classes, before any call is rewritten: a call
     * through a supertype in a class examined early may reach one in a class examined late. Only
     * the classes a downcall rule's class pattern matches are read.
     */
    @Override
    public void attaching(Instrumentation instrumentation) {
        SupertypeCalls.resolver(receivers);
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (c.getClassLoader() == null || c.isArray() || c.isPrimitive() || c.isHidden() || !ruled(c.getName())
                    || Excluded.of(c)) {
                continue;
            }
            byte[] bytes = ClassFiles.read(c.getClassLoader(), c.getName());
            if (bytes != null) {
                noteDeclared(new ClassReader(bytes), c.getName(), c.getClassLoader());
            }
        }
    }

    /** A method still running the rewritten code finds no resolver, and the agent's state is let go. */
    @Override
    public void detached() {
        SupertypeCalls.resolver(null);
    }

    @Override
    public boolean mayRewrite(ClassHeader header) {
        return phase == Phase.ATTACH; // at start-up the natives are wrapped where they are declared
    }

    @Override
    public ClassVisitor rewrite(ClassVisitor next, ClassFile file) {
        if (phase != Phase.ATTACH) {
            return next;
        }
        noteDeclared(file.reader(), file.name(), file.loader());
        Scan scan = new Scan(file.loader());
        file.reader().accept(scan, ClassReader.SKIP_FRAMES);
        if (scan.methods.isEmpty()) {
            return next;
        }
        seen.rewritten(scan.sites);
        file.expandFrames();
        file.changed();
        return new DowncallSites(next, scan.direct, scan.through, scan.methods, file.onError());
    }

    /**
     * The C symbols of a native method a class about to be wrapped declares: its JNI names, and,
     * in a JNA direct-mapped class ({@link DirectMapped}), its own name, the C function JNA binds
     * it to. Only at start-up, where native methods are wrapped.
     */
    private List<String> symbols(DeclaredType type, String method, String descriptor) {
        List<String> jni = jniSymbols(type.name(), method, descriptor);
        if (!symbolRules || !directMapped.is(type.loader(), type.name(), type.header())) {
            return jni;
        }
        List<String> all = new ArrayList<>(jni);
        all.add(method);
        return all;
    }

    private List<RuleSet.Applied> policies(String className, String method, String descriptor) {
        return rules.policiesAt(Direction.DOWNCALL, List.of(className), method, TypeNames.parameters(descriptor),
                jniSymbols(className, method, descriptor), null);
    }


    /** The boundary of a matched native method, defined once whichever class calls it. */
    private int boundary(NativeMethods.Declared in, String name, String descriptor, List<RuleSet.Applied> policies,
                         ClassLoader loader) {
        return boundaries.computeIfAbsent(in.className + "." + name + descriptor, key -> {
            plan.matched(policies, loader, in.className + "." + name);
            return plan.boundary(Sites.register(in.className, name, in.file, -1), true, policies);
        });
    }

    /** The boundary of a native method, or -1 when no rule matches it. */
    private int boundary(NativeMethods.Declared in, String name, String descriptor, ClassLoader loader) {
        List<RuleSet.Applied> policies = policiesShadowed(in.className, name, descriptor);
        return policies.isEmpty() ? -1 : boundary(in, name, descriptor, policies, loader);
    }

    private List<RuleSet.Applied> policiesShadowed(String className, String name, String descriptor) {
        return rules.policiesAt(Direction.DOWNCALL, List.of(className), name, TypeNames.parameters(descriptor),
                jniSymbols(className, name, descriptor), plan.coverage().shadowing(className + "." + name));
    }

    /** A native method's JNI symbols, made only when a {@code native:} rule may read them (most of asking a method otherwise). */
    private List<String> jniSymbols(String className, String method, String descriptor) {
        return symbolRules ? JniSymbols.of(className, method, descriptor) : List.of();
    }

    /** Whether a downcall rule's class pattern matches this class (name with dots). */
    private boolean ruled(String className) {
        for (BoundaryRule rule : rules.boundaries()) {
            if (rule.direction() == Direction.DOWNCALL && (rule.pattern() != null ? rule.pattern().matchesType(className)
                    : JniSymbols.mayName(rule.symbol().toString(), className))) {
                return true;
            }
        }
        return false;
    }

    private boolean mayName(String method) {
        for (BoundaryRule rule : rules.boundaries()) {
            if (rule.direction() == Direction.DOWNCALL && (rule.pattern() != null ? rule.pattern().method().matches(method)
                    : JniSymbols.mayNameMethod(rule.symbol().toString(), method))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The native methods a class declares that a rule matches: for the self-check, and, those a
     * subclass can override, as implementations that a call through a supertype may reach.
     */
    private void noteDeclared(ClassReader reader, String className, ClassLoader loader) {
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                if ((access & Opcodes.ACC_NATIVE) != 0) {
                    List<RuleSet.Applied> policies = policies(className, name, descriptor);
                    for (RuleSet.Applied p : policies) {
                        seen.declared(p.rule, className + "." + name);
                    }
                    if (!policies.isEmpty() && NativeImplementations.overrides(access)) {
                        implementations.declared(loader, className.replace('.', '/'), name + descriptor);
                    }
                }
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    }

    /**
     * First pass: which calls name a matched native method (their boundary numbers, by
     * {@code owner.name descriptor}), which call through a supertype a method that matched native
     * methods implement (the runtime's number of the method), and in which methods, with each
     * method's local count.
     */
    private final class Scan extends ClassVisitor {
        private final ClassLoader loader;
        final Map<String, Integer> direct = new HashMap<>();
        final Map<String, Integer> through = new HashMap<>();
        /** Methods with a matched call ({@code name descriptor}), to their original maxLocals. */
        final Map<String, Integer> methods = new HashMap<>();
        final List<DowncallCheck.CallSite> sites = new ArrayList<>();
        /** By {@code owner.name descriptor}, and whether the call is virtual. */
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
                    if (!mayName(callee) || owner.charAt(0) == '[') {
                        return;
                    }
                    boolean virtual = opcode == Opcodes.INVOKEVIRTUAL || opcode == Opcodes.INVOKEINTERFACE;
                    String target = owner + "." + callee + calleeDescriptor;
                    Target t = resolved.computeIfAbsent((virtual ? "virtual " : "") + target,
                            k -> resolve(virtual, isInterface, owner, callee, calleeDescriptor));
                    if (t.boundary >= 0) {
                        direct.putIfAbsent(target, t.boundary);
                    } else if (t.method >= 0) {
                        through.putIfAbsent(target, t.method);
                    }
                    for (Map.Entry<BoundaryRule, List<String>> e : t.rules.entrySet()) {
                        sites.add(new DowncallCheck.CallSite(e.getKey(), caller, name, descriptor, t.called, e.getValue()));
                    }
                    matched |= t.boundary >= 0 || t.method >= 0;
                }

                @Override
                public void visitMaxs(int maxStack, int maxLocals) {
                    if (matched) {
                        methods.put(key, maxLocals);
                    }
                }
            };
        }

        /**
         * A matched native method the call names, up the superclasses; else, for a virtual call
         * of a method a subclass may override, the matched native methods below the type it
         * names that implement it.
         */
        private Target resolve(boolean virtual, boolean isInterface, String owner, String callee, String calleeDescriptor) {
            NativeMethods.Declared in = isInterface ? null : natives.nativeMethod(loader, owner, callee, calleeDescriptor);
            List<RuleSet.Applied> policies = in == null ? List.of() : policiesShadowed(in.className, callee, calleeDescriptor);
            if (!policies.isEmpty()) {
                Map<BoundaryRule, List<String>> matched = new LinkedHashMap<>();
                for (RuleSet.Applied p : policies) {
                    matched.put(p.rule, List.of());
                }
                return new Target(boundary(in, callee, calleeDescriptor, policies, loader), -1,
                        in.className + "." + callee, matched);
            }
            if (!virtual || !natives.overridable(loader, owner, callee, calleeDescriptor)) {
                return Target.NONE;
            }
            Map<BoundaryRule, List<String>> matched = new LinkedHashMap<>();
            for (NativeMethods.Declared below : implementations.below(loader, owner, callee, calleeDescriptor).values()) {
                List<RuleSet.Applied> applied = policiesShadowed(below.className, callee, calleeDescriptor);
                if (applied.isEmpty()) {
                    continue;
                }
                // defined now, for what the rule is said to match; a receiver of that class finds it again
                boundary(below, callee, calleeDescriptor, applied, loader);
                for (RuleSet.Applied p : applied) {
                    matched.computeIfAbsent(p.rule, r -> new ArrayList<>()).add(below.className);
                }
            }
            return matched.isEmpty() ? Target.NONE : new Target(-1, receivers.number(callee, calleeDescriptor),
                    owner.replace('/', '.') + "." + callee, matched);
        }
    }

    @Override
    public void check(SelfCheck check) {
        seen.check(check);
    }
}
