package io.gilguard.instrument.seam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gilguard.instrument.Phase;
import io.gilguard.instrument.Seam;
import io.gilguard.plan.Plan;
import io.gilguard.rules.Mode;
import io.gilguard.rules.RulesParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which seams a rules file gives work to, and which of them take the advice route, at start-up and at attach. */
class SeamsTest {
    @TempDir
    Path dir;

    private List<Seam> seams(Phase phase, String... lines) throws Exception {
        Path rules = Files.writeString(dir.resolve("t.rules"), String.join("\n", lines) + "\n");
        return Seams.of(Plan.define(RulesParser.parse(rules), Mode.AUDIT, 0), phase);
    }

    private static List<String> names(List<Seam> seams) {
        return seams.stream().map(s -> s.getClass().getSimpleName()).collect(Collectors.toList());
    }

    private static List<String> advising(List<Seam> seams) {
        return names(seams.stream().filter(Seam::advising).collect(Collectors.toList()));
    }

    @Test
    void eachRuleKindWakesItsSeamInTheOrderTheRewritesReadAClass() throws Exception {
        List<Seam> all = seams(Phase.STARTUP,
                "lock gil = static a.Engine.GIL",
                "lock py = pair a.Py#ensure() / a.Py#release(*)",
                "downcall a.NativeLib#* forbid gil",
                "upcall a.Listener#on* acquire gil",
                "state a.ThreadState owner=creator",
                "token a.Py#save() -> a.Py#restore(*)");
        assertEquals(List.of("LockCallSites", "MethodPairs", "TokenMethods", "OwnedStates", "NativeDowncalls", "JnaCalls",
                "JnaInterfaces", "Upcalls"), names(all));
        assertEquals(List.of("MethodPairs", "TokenMethods", "NativeDowncalls", "JnaCalls", "JnaInterfaces", "Upcalls"),
                advising(all));
    }

    @Test
    void atAttachNativesAreSeenAtTheirCallSitesNotByAdvice() throws Exception {
        List<Seam> attach = seams(Phase.ATTACH, "lock gil = static a.Engine.GIL", "downcall a.NativeLib#* forbid gil");
        assertEquals(List.of("LockCallSites", "NativeDowncalls", "JnaInterfaces"), names(attach));
        // a CLASS#METHOD rule may name a JNA Library interface, whose proxy class is advised
        assertEquals(List.of("JnaInterfaces"), advising(attach));
    }

    @Test
    void aSymbolRuleAdvisesJnaFunctionsAtAttachToo() throws Exception {
        List<Seam> attach = seams(Phase.ATTACH, "lock gil = static a.Engine.GIL", "downcall native:qsort forbid gil");
        // FFM's seam joins them on JDK 22+: only the JNA seams are asked about here
        List<String> jna = List.of("JnaCalls", "JnaInterfaces");
        assertEquals(List.of("JnaCalls"), names(attach).stream().filter(jna::contains).collect(Collectors.toList()));
        assertEquals(List.of("JnaCalls"), advising(attach).stream().filter(jna::contains).collect(Collectors.toList()));
    }

    @Test
    void aPairLockAloneNeedsNoLockCallRewrite() throws Exception {
        assertEquals(List.of("MethodPairs"), names(seams(Phase.STARTUP, "lock py = pair a.Py#ensure() / a.Py#release(*)")));
    }
}
