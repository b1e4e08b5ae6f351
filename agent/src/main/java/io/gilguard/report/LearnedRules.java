package io.gilguard.report;

import io.gilguard.runtime.Boundaries;
import io.gilguard.runtime.Learning;
import io.gilguard.runtime.Seen;
import io.gilguard.runtime.StatesSeen;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Learn mode's output ({@code learn=FILE}): a rules file proposed from what the run showed,
 * written at exit and at a detach. Each line has a comment above it saying what was seen; a
 * policy is never stronger than that ({@link Proposals}).
 */
public final class LearnedRules {
    private LearnedRules() {}

    static void write(Path file, String version) throws IOException {
        ReportFile.write(file, text(version));
    }

    /** The file's text. */
    static String text(String version) {
        LockNames names = new LockNames();
        Libraries libraries = new Libraries();
        boolean[] counted = new boolean[Learning.forms()];
        for (int form = 0; form < counted.length; form++) {
            counted[form] = !libraries.leavesLock(form);
        }
        List<Proposals.Boundary> downcalls = new ArrayList<>();
        for (Map.Entry<Integer, Seen> e : new TreeMap<>(Learning.downcalls()).entrySet()) {
            String named = Boundaries.named(e.getKey());
            if (!libraries.leaves(named, e.getValue(), true)) {
                downcalls.add(new Proposals.Boundary(named, e.getValue(), Learning.heldBy(named), null));
            }
        }
        List<Proposals.Boundary> upcalls = UpcallNames.of(Learning.upcalls(), libraries);
        Proposals proposals = new Proposals(downcalls, upcalls, Learning.longCallNanos(), counted);
        StringBuilder out = new StringBuilder();
        out.append("# gilguard ").append(version).append(", learn mode: rules proposed from one run (pid ")
                .append(ProcessHandle.current().pid()).append(").\n")
                .append("# Each line says above it what the run showed. A policy is never stronger than that: where it\n")
                .append("# says \"unsure\", choose. Then check with -javaagent:gilguard.jar=rules=THIS_FILE.\n");
        for (String line : libraries.said()) {
            out.append(line).append('\n');
        }
        if (Learning.forms() == Learning.MAX_FORMS) {
            out.append("# more than ").append(Learning.MAX_FORMS).append(" lock forms were taken: those after them were not followed\n");
        }
        List<Integer> atBoundaries = proposals.locksAtBoundaries();
        out.append("\n# locks held across a native call or taken inside an upcall\n");
        if (atBoundaries.isEmpty()) {
            out.append("# (none seen)\n");
        }
        for (int form : atBoundaries) {
            out.append("# taken ").append(times(Learning.taken(form))).append(" in Java code\n");
            out.append("lock ").append(names.of(form)).append(" = ").append(Learning.formName(form)).append('\n');
        }
        List<String> others = new ArrayList<>();
        for (int form = 0; form < counted.length; form++) {
            if (counted[form] && !atBoundaries.contains(form) && Learning.taken(form) > 0) {
                others.add("# lock " + names.of(form) + " = " + Learning.formName(form) + "    # taken " + times(Learning.taken(form))
                        + ", never at a boundary\n");
            }
        }
        if (!others.isEmpty()) {
            out.append("\n# other locks the run took, never held at a boundary: uncomment one to name it in a policy\n");
            others.forEach(out::append);
        }
        out.append("\n# downcalls: Java called native code\n");
        appendAll(out, proposals.downcalls(names));
        out.append("\n# upcalls: native code called Java (JNI Call*Method, JNA callbacks, FFM upcall stubs)\n");
        List<String> upcallLines = proposals.upcalls(names);
        upcallLines.addAll(UpcallNames.unnamed(Learning.upcalls()));
        appendAll(out, upcallLines);
        out.append("\n# thread state: objects of the classes whose own code calls native methods\n");
        appendAll(out, states(libraries));
        return out.toString();
    }

    /** A commented-out {@code state} line per class whose every object stayed with the thread that made it. */
    private static List<String> states(Libraries libraries) {
        List<String> lines = new ArrayList<>();
        for (StatesSeen s : StatesSeen.all()) {
            if (s.made() == 0 || libraries.leavesState(s.className)) {
                continue;
            }
            if (s.sharedBy() != null) {
                lines.add("# " + s.className + ": " + s.made() + " made, used by threads other than their maker ("
                        + s.sharedBy() + "): not bound to one thread");
                continue;
            }
            lines.add("# " + s.made() + " made, used " + times(s.uses())
                    + ", each only by the thread that made it. Unsure: one run shows no more");
            lines.add("# state " + s.className + " owner=creator");
        }
        return lines;
    }

    private static String times(long n) {
        return n == 1 ? "once" : n + " times";
    }

    private static void appendAll(StringBuilder out, List<String> lines) {
        if (lines.isEmpty()) {
            out.append("# (none seen)\n");
        }
        for (String line : lines) {
            out.append(line).append('\n');
        }
    }

    /** A rules name per lock form, from its field or class: {@code GIL} gives {@code gil}; a clash gets a number. */
    static final class LockNames {
        private final Map<Integer, String> names = new LinkedHashMap<>();

        String of(int form) {
            return names.computeIfAbsent(form, f -> {
                String text = Learning.formName(f);
                String last = text.substring(text.lastIndexOf('.') + 1);
                String base = last.replaceAll("[^A-Za-z0-9_]", "_").toLowerCase(java.util.Locale.ROOT);
                if (base.isEmpty() || !Character.isLetter(base.charAt(0))) {
                    base = "lock_" + base;
                }
                String name = base;
                for (int n = 2; names.containsValue(name); n++) {
                    name = base + n;
                }
                return name;
            });
        }
    }
}
