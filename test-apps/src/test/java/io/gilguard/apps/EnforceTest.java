package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertKinds;
import static io.gilguard.apps.Harness.assertStdout;
import static io.gilguard.apps.Harness.assertViolation;
import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * mode=enforce on the lock kinds: UNPAIRED_RELEASE, FOREIGN_RELEASE (of a pair lock and of a
 * Lock), FORBIDDEN_HELD and REQUIRED_NOT_HELD are refused with gilguard's error before the call
 * runs (the native counts show it never got there); LEAKED_AT_RETURN, found after its call, is
 * only reported; a lock whose rule says 'audit' is only reported. And the other way round: rules
 * that say 'enforce' in a run whose mode is audit.
 */
class EnforceTest {
    static final String ERROR = "io.gilguard.runtime.GilguardError: ";
    static final Site UNPAIRED_PAIR = Site.marked("enforce", "Main", "unpairedPairRelease", "enf-unpaired-pair");
    static final Site PAIR_ENSURE = Site.marked("enforce", "Main", "main", "enf-pair-ensure");
    static final Site FOREIGN_PAIR = Site.marked("enforce", "Main", "foreignPairRelease", "enf-foreign-pair");
    static final Site UNPAIRED_UNLOCK = Site.marked("enforce", "Main", "unpairedUnlock", "enf-unpaired-unlock");
    static final Site LOCK_MAIN = Site.marked("enforce", "Main", "main", "enf-lock-main");
    static final Site FOREIGN_UNLOCK = Site.marked("enforce", "Main", "foreignUnlock", "enf-foreign-unlock");
    static final Site COMPUTE = Site.nativeMethod("enforce", "NativeLib", "compute");
    static final Site CALLBACK = Site.marked("enforce", "Callback", "onEvent", "enf-callback");
    static final Site LEAKY = Site.marked("enforce", "Leaky", "onEvent", "enf-leaky");
    static final Site OTHER_UNLOCK = Site.marked("enforce", "Main", "unpairedUnlockOfOther", "enf-other-unlock");

    static String line(String kind, String lock, String thread, Site site, Site acquiredAt) {
        return "gilguard: " + kind + " lock=" + lock + " thread=\"" + thread + "\" at " + site
                + (acquiredAt == null ? "" : " acquired at " + acquiredAt);
    }

    /** A FOREIGN_RELEASE names the thread that holds the lock: here main, which took it. */
    static String foreign(String lock, String thread, Site site, Site acquiredAt) {
        return "gilguard: FOREIGN_RELEASE lock=" + lock + " thread=\"" + thread + "\" owner=\"main\" at " + site
                + " acquired at " + acquiredAt;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void enforceRefusesEachViolatingCallBeforeItRuns(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "enforce", rules("enforce") + ",mode=enforce", true);
        assertEquals(0, run.exit, "exit status\n" + run);
        assertEquals(8, run.violations().size(), "violations\n" + run);
        assertKinds(run, Set.of("FORBIDDEN_HELD", "REQUIRED_NOT_HELD", "LEAKED_AT_RETURN"),
                Set.of("UNPAIRED_RELEASE", "FOREIGN_RELEASE"));
        assertStdout(run,
                "unpaired pair release: " + ERROR + line("UNPAIRED_RELEASE", "py", "main", UNPAIRED_PAIR, null),
                "native releases: 0",
                "foreign pair release: " + ERROR + foreign("py", "worker-b", FOREIGN_PAIR, PAIR_ENSURE),
                "pair depth: 1",
                "unpaired unlock: " + ERROR + line("UNPAIRED_RELEASE", "gil", "main", UNPAIRED_UNLOCK, null),
                "foreign unlock: " + ERROR + foreign("gil", "worker-c", FOREIGN_UNLOCK, LOCK_MAIN),
                "gil held by main: true",
                "forbidden native call: " + ERROR + line("FORBIDDEN_HELD", "gil", "main", COMPUTE, LOCK_MAIN),
                "native computes: 0",
                "required callback: " + ERROR + line("REQUIRED_NOT_HELD", "gil", "main", CALLBACK, null),
                "callback runs: 0",
                "leaking callback: ok",
                "gil held after leaking callback: true",
                "unpaired unlock of an audit lock: java.lang.IllegalMonitorStateException: null");
        assertViolation(run, "FORBIDDEN_HELD", "gil", "main", COMPUTE, LOCK_MAIN, 1);
        assertViolation(run, "REQUIRED_NOT_HELD", "gil", "main", CALLBACK, null, 1);
        assertViolation(run, "LEAKED_AT_RETURN", "gil", "main", LEAKY, LEAKY, 1);
        for (String l : new String[] {
            line("UNPAIRED_RELEASE", "py", "main", UNPAIRED_PAIR, null),
            foreign("py", "worker-b", FOREIGN_PAIR, PAIR_ENSURE),
            line("UNPAIRED_RELEASE", "gil", "main", UNPAIRED_UNLOCK, null),
            foreign("gil", "worker-c", FOREIGN_UNLOCK, LOCK_MAIN),
            line("UNPAIRED_RELEASE", "other", "main", OTHER_UNLOCK, null)}) {
            assertStdoutOrStderr(run, l);
        }
    }

    /** Without enforce, the same calls all run: gilguard reports and throws nothing. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void auditLetsEveryCallRun(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "enforce", rules("enforce"), true);
        assertEquals(0, run.exit, "exit status\n" + run);
        assertStdout(run, "unpaired pair release: ok", "native releases: 1", "foreign pair release: ok", "pair depth: 0",
                "unpaired unlock: java.lang.IllegalMonitorStateException: null",
                "foreign unlock: java.lang.IllegalMonitorStateException: null",
                "forbidden native call: ok", "native computes: 1", "required callback: ok", "callback runs: 1",
                "leaking callback: ok");
        assertEquals(false, run.stdout.contains("GilguardError"), run.toString());
        assertKinds(run, Set.of("FORBIDDEN_HELD", "REQUIRED_NOT_HELD", "LEAKED_AT_RETURN"),
                Set.of("UNPAIRED_RELEASE", "FOREIGN_RELEASE"));
    }

    /** mode=audit, and 'enforce' on gil's lock rule and on the forbid rule only. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void rulesThatSayEnforceEnforceInAnAuditRun(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "enforce", rules("enforce-rules"), true);
        assertEquals(0, run.exit, "exit status\n" + run);
        assertStdout(run, "unpaired pair release: ok", "native releases: 1", "foreign pair release: ok",
                "unpaired unlock: " + ERROR + line("UNPAIRED_RELEASE", "gil", "main", UNPAIRED_UNLOCK, null),
                "foreign unlock: " + ERROR + foreign("gil", "worker-c", FOREIGN_UNLOCK, LOCK_MAIN),
                "forbidden native call: " + ERROR + line("FORBIDDEN_HELD", "gil", "main", COMPUTE, LOCK_MAIN),
                "native computes: 0", "required callback: ok", "callback runs: 1",
                "unpaired unlock of an audit lock: java.lang.IllegalMonitorStateException: null");
    }

    private static void assertStdoutOrStderr(Run run, String line) {
        assertEquals(true, run.stderrLines().contains(line), "expected on stderr: " + line + "\n" + run);
    }
}
