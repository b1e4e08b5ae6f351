package io.gilguard.instrument.attach;

import io.gilguard.instrument.ClassFiles;
import io.gilguard.instrument.ClassHeader;
import io.gilguard.instrument.DeclaredType;
import io.gilguard.instrument.Excluded;
import io.gilguard.instrument.Phase;
import io.gilguard.instrument.Retransform;
import io.gilguard.instrument.Seam;
import io.gilguard.instrument.SelfCheck;
import io.gilguard.instrument.advice.Advising;
import io.gilguard.instrument.rewrite.ClassRewrites;
import io.gilguard.report.Words;
import io.gilguard.rules.RuleSet;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The instrumentation of an attach, and its removal at detach. Every seam's rewrite and advice,
 * as at start-up, but made for a running JVM: nothing changes the shape of a class, so that
 * the JVM can retransform loaded classes and give each one its original bytecode back later.
 *
 * <p>Only the loaded classes that change are retransformed, found by running the rewrites over
 * their class files and asking the seams' advice first: a retransformation is a safepoint and
 * throws away the compiled code of the class, which a busy application should not pay for
 * classes that do not change. Each is retransformed once, for every seam.
 */
public final class Attachment {
    private static final String RUNTIME = "io/gilguard/runtime/";

    private final Instrumentation instrumentation;
    private final RuleSet rules;
    private final List<Seam> seams;
    private final Changes changes = new Changes();
    private ClassRewrites rewrites;
    private ClassFileTransformer advice;
    private final List<String> summary = new ArrayList<>();
    private SelfCheck check;

    private Attachment(Instrumentation instrumentation, RuleSet rules, List<Seam> seams) {
        this.instrumentation = instrumentation;
        this.rules = rules;
        this.seams = seams;
    }

    /** Installs everything and checks it; never throws for a class that cannot be changed (see {@link #errors}). */
    public static Attachment install(Instrumentation instrumentation, RuleSet rules, List<Seam> seams) {
        Attachment a = new Attachment(instrumentation, rules, seams);
        a.install();
        return a;
    }

    private void install() {
        for (Seam seam : seams) {
            seam.attaching(instrumentation);
        }
        // From here on, classes being loaded are instrumented as they come.
        rewrites = new ClassRewrites(seams, Phase.ATTACH, instrumentation, changes::error, changes::changed);
        instrumentation.addTransformer(rewrites, true);
        advice = Advising.attach(instrumentation, seams, changes::error, changes::changed);

        Set<Class<?>> rewritten = new LinkedHashSet<>();
        Set<Class<?>> advised = new LinkedHashSet<>();
        int unreadable = 0;
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (!candidate(c)) {
                continue;
            }
            byte[] bytes = ClassFiles.read(c.getClassLoader(), c.getName());
            if (bytes == null) {
                // A java.lang.reflect.Proxy class has no class file, but nothing to rewrite either
                // (it calls its handler alone); its methods are described by reflection, which
                // loads nothing new: their types are its interfaces' and theirs.
                if (advice != null && Proxy.isProxyClass(c)) {
                    try {
                        if (Advising.advises(seams, DeclaredType.of(c))) {
                            advised.add(c);
                        }
                    } catch (Throwable t) {
                        changes.error("cannot examine " + c.getName() + ": " + t);
                    }
                } else {
                    unreadable++;
                }
                continue;
            }
            try {
                if (rewrites.wouldChange(c, bytes)) {
                    rewritten.add(c);
                }
                if (advice != null && Advising.advises(seams, DeclaredType.of(ClassHeader.of(bytes), c.getClassLoader()))) {
                    advised.add(c);
                }
            } catch (Throwable t) {
                changes.error("cannot examine " + c.getName() + ": " + t);
            }
        }
        Set<Class<?>> selected = new LinkedHashSet<>(rewritten);
        selected.addAll(advised);
        List<Class<?>> done = Retransform.classes(instrumentation, selected, "retransform", changes::error);
        rewritten.retainAll(done);
        advised.retainAll(done);

        summary.add("retransformed " + Words.plural(rewritten.size(), "loaded class") + " for their lock calls and native calls, "
                + Words.plural(advised.size(), "loaded class") + " for advice"
                + (unreadable == 0 ? "" : "; " + Words.plural(unreadable, "loaded class")
                        + " without a class file (generated at run time) not examined"));

        Map<String, Class<?>> byName = new HashMap<>();
        for (Class<?> c : done) {
            byName.put(c.getName(), c);
        }
        check = new SelfCheck(rules, new Witness(instrumentation, changes::error), changes::errors, advised, byName);
        for (Seam seam : seams) {
            seam.check(check);
        }
    }

    /** What was done, in a line or two. */
    public List<String> summary() {
        return summary;
    }

    /** One line per rule (and lock): active where, or NOT active and why. */
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
        instrumentation.removeTransformer(rewrites);
        if (advice != null) {
            instrumentation.removeTransformer(advice);
        }
        for (Seam seam : seams) {
            seam.detached();
        }
        Set<String> names = changes.classes();
        List<Class<?>> changed = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (names.contains(c.getName()) && instrumentation.isModifiableClass(c)) {
                changed.add(c);
            }
        }
        List<String> lines = new ArrayList<>();
        Witness seen = new Witness(instrumentation, lines::add);
        seen.read(changed);
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
        lines.add(0, "restored the original bytecode of " + Words.plural(restored, "class") + (restored == changed.size()
                ? "" : " of " + changed.size()));
        return lines;
    }

    private boolean candidate(Class<?> c) {
        return c.getClassLoader() != null && !c.isArray() && !c.isPrimitive() && !c.isHidden()
                && !Excluded.of(c) && instrumentation.isModifiableClass(c);
    }
}
