package io.gilguard.instrument;

import io.gilguard.rules.BoundaryRule;
import io.gilguard.rules.Direction;
import io.gilguard.rules.RuleSet;
import io.gilguard.runtime.Errors;
import io.gilguard.runtime.Locks;
import io.gilguard.runtime.Sites;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * At attach, the downcalls: a loaded class cannot gain the method that wraps a {@code native}
 * method, so every call of a matched native method in the application's classes gets the
 * boundary around it instead ({@link DowncallSites}). Classes loaded after the attach get the
 * same, not the wrapper: a class that gained a method could never be given back its original
 * bytecode at detach. The site reported stays the native method, as at start-up.
 */
public final class DowncallSiteTransformer implements ClassFileTransformer {
    /** A rewritten call: which rule it serves, in which method, of which native method. */
    record CallSite(BoundaryRule rule, String caller, String method, String descriptor, String nativeMethod) {
        String where() {
            return caller + "." + method;
        }
    }

    private final RuleSet rules;
    private final Coverage coverage;
    private final Changes changes;
    private final Instrumentation instrumentation;
    private final Module runtime = Errors.class.getModule();
    private final NativeMethods natives = new NativeMethods();
    /** Declaring class, name and descriptor of a matched native method, to its boundary number. */
    private final Map<String, Integer> boundaries = new ConcurrentHashMap<>();
    private final Set<CallSite> callSites = ConcurrentHashMap.newKeySet();

    public DowncallSiteTransformer(RuleSet rules, Coverage coverage, Changes changes, Instrumentation instrumentation) {
        this.rules = rules;
        this.coverage = coverage;
        this.changes = changes;
        this.instrumentation = instrumentation;
    }

    /** Every call site rewritten so far, for the self-check. */
    Set<CallSite> callSites() {
        return Set.copyOf(callSites);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) {
        if (loader == null || className == null || Excluded.name(className.replace('/', '.'))
                || !rules.has(Direction.DOWNCALL)) {
            return null;
        }
        try {
            ClassReader reader = new ClassReader(bytes);
            Scan scan = new Scan(loader);
            reader.accept(scan, ClassReader.SKIP_FRAMES);
            if (scan.methods.isEmpty()) {
                return null;
            }
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            reader.accept(new DowncallSites(writer, scan.targets, scan.methods, changes), ClassReader.EXPAND_FRAMES);
            if (module != null && module.isNamed() && !module.canRead(runtime)) {
                instrumentation.redefineModule(module, Set.of(runtime), Map.of(), Map.of(), Set.of(), Map.of());
            }
            for (CallSite site : scan.sites) {
                callSites.add(site);
            }
            return writer.toByteArray();
        } catch (Throwable t) {
            Errors.internal(t);
            changes.error("cannot rewrite the native calls of " + className.replace('/', '.') + ": " + t);
            return null;
        }
    }

    /** The boundary of a matched native method, defined once whichever class calls it. */
    private int boundary(NativeMethods.Declared declared, String name, String descriptor, List<RuleSet.Applied> policies,
                         ClassLoader loader) {
        return boundaries.computeIfAbsent(declared.className + "." + name + descriptor, key -> {
            int site = Sites.register(declared.className, name, declared.file, -1);
            for (RuleSet.Applied p : policies) {
                if (p.lock != BoundaryRule.NO_LOCK) {
                    Locks.loader(p.lock, loader);
                }
                coverage.matched(p.rule);
            }
            return BoundaryInstaller.Transform.define(site, true, policies);
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

    /**
     * First pass: which calls name a matched native method (their boundary numbers, by
     * {@code owner.name descriptor}), and in which methods, with each method's local count.
     */
    private final class Scan extends ClassVisitor {
        private final ClassLoader loader;
        final Map<String, Integer> targets = new HashMap<>();
        /** Methods with a matched call ({@code name descriptor}), to their original maxLocals. */
        final Map<String, Integer> methods = new HashMap<>();
        final List<CallSite> sites = new java.util.ArrayList<>();
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
            NativeMethods.Declared declared = natives.nativeMethod(loader, owner, callee, calleeDescriptor);
            if (declared == null) {
                return Target.NONE;
            }
            List<RuleSet.Applied> policies = rules.policiesAt(Direction.DOWNCALL,
                    List.of(declared.className), callee, TypeNames.parameters(calleeDescriptor));
            if (policies.isEmpty()) {
                return Target.NONE;
            }
            List<BoundaryRule> matched = new java.util.ArrayList<>();
            for (RuleSet.Applied p : policies) {
                matched.add(p.rule);
            }
            return new Target(boundary(declared, callee, calleeDescriptor, policies, loader),
                    declared.className + "." + callee, matched);
        }
    }

    /** What a call instruction names: a matched native method's boundary, or nothing ({@code id} -1). */
    private record Target(int id, String nativeMethod, List<BoundaryRule> rules) {
        static final Target NONE = new Target(-1, null, List.of());
    }
}
