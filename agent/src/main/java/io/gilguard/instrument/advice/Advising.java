package io.gilguard.instrument.advice;

import io.gilguard.instrument.AdvisedMethod;
import io.gilguard.instrument.ClassHeader;
import io.gilguard.instrument.DeclaredMethod;
import io.gilguard.instrument.DeclaredType;
import io.gilguard.instrument.Excluded;
import io.gilguard.instrument.Seam;
import io.gilguard.instrument.rewrite.SourceLines;
import io.gilguard.runtime.Errors;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The advice route: every seam's advice on the methods a class declares, through one
 * transformer ({@link AdviceTransformer}). Advice goes into methods with code; a {@code native}
 * method has none, so at start-up it is wrapped through the JVM's native method prefix (JNI
 * symbol lookup and {@code RegisterNatives} still bind the original name). At attach no class may
 * gain a method: native methods are left to the seams' rewrites, and the caller retransforms the
 * loaded classes (see {@link #advises}).
 */
public final class Advising {
    /** The JVM retries native lookup without this prefix, so the wrapped method keeps its symbol. */
    public static final String NATIVE_PREFIX = "gilguard$";

    private final List<Seam> seams;
    private final boolean wrapsNatives;

    private Advising(List<Seam> seams, boolean wrapsNatives) {
        this.seams = seams;
        this.wrapsNatives = wrapsNatives;
    }

    /** At start-up: classes are advised as they load, natives wrapped. */
    public static void startUp(Instrumentation instrumentation, List<Seam> seams) {
        if (advising(seams)) {
            new AdviceTransformer(new Advising(seams, true), instrumentation, true, Errors.NOTES, null).install();
        }
    }

    /**
     * At attach: the transformer, installed, ready for the caller's retransformation of the
     * loaded classes {@link #advises} selects (it retransforms none itself), and for the classes
     * loaded later; the caller removes it at detach. No class changes shape. Null when no seam
     * advises anything.
     */
    public static ClassFileTransformer attach(Instrumentation instrumentation, List<Seam> seams,
                                              Consumer<String> errors, Consumer<String> changed) {
        if (!advising(seams)) {
            return null;
        }
        return new AdviceTransformer(new Advising(seams, false), instrumentation, false, errors, changed).install();
    }

    /** Whether a seam may advise a method of this class: the classes an attach retransforms for advice. */
    public static boolean advises(List<Seam> seams, DeclaredType type) {
        return !type.isSynthetic() && !Excluded.of(type.name(), type.loader(), null) && new Advising(seams, false).matches(type);
    }

    private static boolean advising(List<Seam> seams) {
        for (Seam seam : seams) {
            if (seam.advising()) {
                return true;
            }
        }
        return false;
    }

    /** Whether some seam may advise the class, from its header (see {@link Seam#mayAdvise}). */
    boolean mayAdvise(ClassHeader header) {
        for (Seam seam : seams) {
            if (seam.advising() && seam.mayAdvise(header)) {
                return true;
            }
        }
        return false;
    }

    /** Only the seams that may advise the class by its header (when it was read from one) are asked. */
    boolean matches(DeclaredType type) {
        ClassHeader header = type.header();
        for (Seam seam : seams) {
            if (seam.advising() && (header == null || seam.mayAdvise(header)) && seam.advises(type)) {
                return true;
            }
        }
        return false;
    }

    /**
     * What the seams put on each method the class declares, by {@code name descriptor}, innermost
     * first; {@code bytes}, its class file, names the methods' sites.
     */
    Map<String, List<Advice>> advice(DeclaredType type, byte[] bytes) {
        Map<String, List<Advice>> all = new HashMap<>();
        SourceLines lines = null;
        for (DeclaredMethod m : type.methods()) {
            if (m.isNative() && !wrapsNatives) {
                continue;
            }
            if (lines == null) {
                lines = SourceLines.of(bytes);
            }
            AdvisedMethod method = new AdvisedMethod(type, m, lines.file(), lines.firstLine(m.name(), m.descriptor()));
            List<Advice> advice = new ArrayList<>();
            for (Seam seam : seams) {
                seam.advise(method, advice);
            }
            if (!advice.isEmpty()) {
                all.put(m.signature(), advice);
            }
        }
        return all;
    }
}
