package io.gilguard.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every file gilguard writes at exit (and at a detach), each chosen by its option, all in this
 * one place: {@code report=} (JSON), {@code junit=} (Surefire's XML), {@code sarif=} (SARIF
 * 2.1.0), {@code baseline=} (today's violations as suppressions), and what they need
 * ({@code sourceRoots=}, {@code stacks=}).
 */
public final class Outputs {
    /** The rules file, as a JUnit property says. */
    public final String rules;
    public final Path json;
    public final Path junit;
    public final Path sarif;
    /** Where a SARIF location's source file is looked for, in order. */
    public final List<Path> sourceRoots;
    public final Path baseline;
    /** {@code learn=}: the rules learn mode proposes; null when not learning. */
    public final Path learn;
    /** Frames kept of the stack of each distinct violation; 0: none taken. */
    public final int stacks;
    /** When checking started (start-up or attach): the JUnit suite's timestamp and time. */
    private final long startMillis = System.currentTimeMillis();

    public Outputs(String rules, Path json, Path junit, Path sarif, List<Path> sourceRoots, Path baseline, int stacks,
                   Path learn) {
        this.learn = learn;
        this.rules = rules;
        this.json = json;
        this.junit = junit;
        this.sarif = sarif;
        this.sourceRoots = List.copyOf(sourceRoots);
        this.baseline = baseline;
        this.stacks = stacks;
    }

    /** Writes every file asked for; returns what the summary says of each ({@code report F}, or why not). */
    List<String> write(String version) {
        List<String> said = new ArrayList<>();
        Path[] files = {json, junit, sarif, baseline, learn};
        String[] names = {"report", "junit", "sarif", "baseline", "learned rules"};
        for (int i = 0; i < files.length; i++) {
            if (files[i] != null) {
                said.add(written(names[i], files[i], version));
            }
        }
        return said;
    }

    /** One file; what went wrong goes into the summary, never out of the shutdown hook. */
    private String written(String what, Path file, String version) {
        try {
            switch (what) {
                case "report": JsonReport.write(file, version); break;
                case "junit": JunitReport.write(file, version, rules, startMillis); break;
                case "sarif": SarifReport.write(file, version, sourceRoots); break;
                case "learned rules": LearnedRules.write(file, version); break;
                default: Suppressions.writeBaseline(file, Tally.now().violations); break;
            }
            return what + " " + file;
        } catch (Exception | LinkageError e) {
            return what + " " + file + " not written: " + e;
        }
    }
}
