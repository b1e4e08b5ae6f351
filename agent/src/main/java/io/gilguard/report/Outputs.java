package io.gilguard.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every file gilguard writes at exit (and at a detach), each chosen by its option, all in this
 * one place: {@code report=} (JSON), {@code baseline=} (today's violations as suppressions),
 * and what they need ({@code sourceRoots=}, {@code stacks=}).
 */
public final class Outputs {
    public final Path json;
    public final Path junit;
    public final Path sarif;
    /** Where a SARIF location's source file is looked for, in order. */
    public final List<Path> sourceRoots;
    public final Path baseline;
    /** Frames kept of the stack of each distinct violation; 0: none taken. */
    public final int stacks;

    public Outputs(Path json, Path junit, Path sarif, List<Path> sourceRoots, Path baseline, int stacks) {
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
        if (json != null) {
            said.add(written("report", json, () -> JsonReport.write(json, version)));
        }
        if (baseline != null) {
            said.add(written("baseline", baseline, () -> Suppressions.writeBaseline(baseline, Tally.now().violations)));
        }
        return said;
    }

    private interface Writing {
        void run() throws Exception;
    }

    private static String written(String what, Path file, Writing writing) {
        try {
            writing.run();
            return what + " " + file;
        } catch (Exception e) {
            return what + " " + file + " not written: " + e;
        }
    }
}
