package io.gilguard.instrument;

import io.gilguard.rules.BoundaryRule;
import io.gilguard.rules.Direction;
import io.gilguard.rules.RuleSet;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The instrumentation of an attach, and its removal at detach. Every transformer used here
 * keeps the shape of the classes (no member added or removed), so that the JVM can retransform
 * loaded classes with it, and give each one its original bytecode back later:
 *
 * <ul>
 *   <li>the lock calls, as at start-up ({@link CallSiteTransformer});
 *   <li>the downcalls at the call sites of the matched native methods ({@link DowncallSiteTransformer});
 *   <li>the upcalls and pair-lock methods by advice ({@link AttachBoundaries}).
 * </ul>
 *
 * Only the loaded classes these change are retransformed, found by running the transformers
 * over the class files first: a retransformation is a safepoint and throws away the compiled
 * code of the class, which a busy application should not pay for classes that do not change.
 */
public final class Retransformation {
    private static final String RUNTIME = "io/gilguard/runtime/";

    private final Instrumentation instrumentation;
    private final RuleSet rules;
    private final Changes changes = new Changes();
    private final CallSiteTransformer lockCalls;
    private final DowncallSiteTransformer downcalls;
    private final ClassFileTransformer lockCallsRecorded;
    private final ClassFileTransformer downcallsRecorded;
    private ResettableClassFileTransformer boundaries;
    private final List<String> summary = new ArrayList<>();
    private SelfCheck check;

    private Retransformation(Instrumentation instrumentation, RuleSet rules, Coverage coverage) {
        this.instrumentation = instrumentation;
        this.rules = rules;
        this.lockCalls = new CallSiteTransformer(rules, instrumentation, changes::error, coverage);
        this.downcalls = new DowncallSiteTransformer(rules, coverage, changes, instrumentation);
        this.lockCallsRecorded = new Recording(lockCalls, changes);
        this.downcallsRecorded = new Recording(downcalls, changes);
    }

    /** Installs everything and checks it; never throws for a class that cannot be changed (see {@link #errors}). */
    public static Retransformation install(Instrumentation instrumentation, RuleSet rules, Coverage coverage) {
        Retransformation r = new Retransformation(instrumentation, rules, coverage);
        r.install(coverage);
        return r;
    }

    private void install(Coverage coverage) {
        List<String> staticLocks = LoadedLocks.bind(instrumentation, rules);
        // Loaded now, before the transformers are registered: each calls Excluded first, and if
        // this thread loaded Excluded afterwards, the transformer run for that very load would
        // load it again, nested, and its definition would then fail as a duplicate.
        Excluded.name(Retransformation.class.getName());
        // From here on, classes being loaded are rewritten as they come.
        instrumentation.addTransformer(lockCallsRecorded, true);
        instrumentation.addTransformer(downcallsRecorded, true);

        Map<BoundaryRule, Set<String>> natives = new LinkedHashMap<>();
        List<Class<?>> selected = new ArrayList<>();
        int unreadable = 0;
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (!candidate(c)) {
                continue;
            }
            byte[] bytes = classFile(c);
            if (bytes == null) {
                unreadable++;
                continue;
            }
            String internal = c.getName().replace('.', '/');
            try {
                boolean lockCallsChange = lockCalls.transform(c.getModule(), c.getClassLoader(), internal, null,
                        c.getProtectionDomain(), bytes) != null;
                boolean downcallsChange = downcalls.transform(c.getModule(), c.getClassLoader(), internal, null,
                        c.getProtectionDomain(), bytes) != null;
                if (lockCallsChange || downcallsChange) {
                    selected.add(c);
                }
                matchedNatives(c.getName(), bytes, natives);
            } catch (Throwable t) {
                changes.error("cannot examine " + c.getName() + ": " + t);
            }
        }
        List<Class<?>> rewritten = Retransform.classes(instrumentation, selected, "retransform", changes::error);

        Set<Class<?>> advised = AttachBoundaries.newAttemptedSet();
        boundaries = AttachBoundaries.install(instrumentation, rules, coverage, changes, advised);

        summary.add("retransformed " + plural(rewritten.size(), "loaded class") + " for their lock calls and native calls, "
                + plural(advised.size(), "loaded class") + " for advice"
                + (unreadable == 0 ? "" : "; " + plural(unreadable, "loaded class")
                        + " without a class file (generated at run time) not examined"));

        // the self-check reads back the classes that carry boundaries
        Map<DowncallSiteTransformer.CallSite, Class<?>> callSites = new LinkedHashMap<>();
        Map<String, Class<?>> byName = new HashMap<>();
        for (Class<?> c : rewritten) {
            byName.put(c.getName(), c);
        }
        for (DowncallSiteTransformer.CallSite site : downcalls.callSites()) {
            Class<?> c = byName.get(site.caller());
            if (c != null) {
                callSites.put(site, c);
            }
        }
        Set<Class<?>> witnessed = new LinkedHashSet<>(advised);
        witnessed.addAll(callSites.values());
        Witness.Seen seen = Witness.read(instrumentation, witnessed, changes::error);
        check = new SelfCheck(rules, seen, changes.errors());
        check.locks(staticLocks, advised);
        check.downcalls(callSites, natives);
        check.upcalls(advised);
    }

    /** What was done, in a line or two. */
    public List<String> summary() {
        return summary;
    }

    /** One line per rule (and static lock): active where, or NOT active and why. */
    public List<String> selfCheck() {
        return check.lines();
    }

    public boolean allActive() {
        return check.allActive() && changes.errors().isEmpty();
    }

    /** Every transformation error so far, one line each. */
    public List<String> errors() {
        return changes.errors();
    }

    /**
     * Removes every transformer and gives each class it changed (loaded before or after the
     * attach) its original bytecode, then reads them back: one line per class that still calls
     * gilguard or could not be restored, and a summary.
     */
    public List<String> uninstall() {
        instrumentation.removeTransformer(lockCallsRecorded);
        instrumentation.removeTransformer(downcallsRecorded);
        if (boundaries != null && !instrumentation.removeTransformer(boundaries)) {
            boundaries.reset(instrumentation, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
        }
        Set<String> names = changes.classes();
        List<Class<?>> changed = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (names.contains(c.getName()) && instrumentation.isModifiableClass(c)) {
                changed.add(c);
            }
        }
        List<String> lines = new ArrayList<>();
        Witness.Seen seen = Witness.read(instrumentation, changed, lines::add);
        int restored = 0;
        for (Class<?> c : changed) {
            if (!seen.read(c)) {
                lines.add("NOT restored: " + c.getName());
            } else if (seen.callsInto(c, RUNTIME)) {
                lines.add("NOT restored: " + c.getName() + " still calls gilguard");
            } else {
                restored++;
            }
        }
        lines.add(0, "restored the original bytecode of " + plural(restored, "class") + (restored == changed.size()
                ? "" : " of " + changed.size()));
        return lines;
    }

    private boolean candidate(Class<?> c) {
        return c.getClassLoader() != null && !c.isArray() && !c.isPrimitive() && !c.isHidden()
                && !Excluded.name(c.getName()) && instrumentation.isModifiableClass(c);
    }

    /** The class file its loader has for a class; null for a class generated at run time. */
    private static byte[] classFile(Class<?> c) {
        try (InputStream in = c.getClassLoader().getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (Exception e) {
            return null;
        }
    }

    /** The native methods a class declares that a downcall rule matches, for the self-check. */
    private void matchedNatives(String className, byte[] bytes, Map<BoundaryRule, Set<String>> natives) {
        if (!rules.has(Direction.DOWNCALL)) {
            return;
        }
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                if ((access & Opcodes.ACC_NATIVE) != 0) {
                    for (io.gilguard.rules.RuleSet.Applied p : rules.policiesAt(Direction.DOWNCALL, List.of(className), name,
                            TypeNames.parameters(descriptor))) {
                        natives.computeIfAbsent(p.rule, r -> new LinkedHashSet<>()).add(className + "." + name);
                    }
                }
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    }

    private static String plural(int n, String word) {
        return n + " " + (n == 1 ? word : word.endsWith("s") ? word + "es" : word + "s");
    }
}
