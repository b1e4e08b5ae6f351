package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A release policy around a call of a few tens of nanoseconds, while another thread takes the
 * lock in turns, costs more than it saves: RELEASE_NOT_WORTH_IT at the native method, with the
 * median call and the cost of letting go and taking back; around a 100 ms call: nothing.
 */
class ReleaseCostTest {
    static final Site TINY = Site.nativeMethod("releasecost", "NativeLib", "tiny");
    private static final Pattern NOTE = Pattern.compile("median call (\\d+) ns, letting go and taking back (\\d+) ns,"
            + " 376 calls timed");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aReleaseAroundATinyCallIsNotWorthIt(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "releasecost", rules("releasecost") + ",failOn=violation", true, "tiny");
        assertSilent(run);
        List<Map<String, Object>> findings = run.findings();
        assertEquals(1, findings.size(), run.toString());
        Map<String, Object> f = findings.get(0);
        assertEquals("RELEASE_NOT_WORTH_IT", f.get("kind"), run.toString());
        assertEquals("gil", f.get("lock"), run.toString());
        assertEquals("main", f.get("thread"), run.toString());
        assertEquals(TINY.json(), f.get("site"), run.toString());
        // each thread's first 64 release calls are timed, then one in 64: 64 + 312 of 20,000
        Matcher m = NOTE.matcher((String) f.get("note"));
        assertTrue(m.matches(), run.toString());
        assertTrue(Long.parseLong(m.group(1)) < Long.parseLong(m.group(2)), "median below the cost\n" + run);
        assertEquals(1, run.stderrLines().stream().filter(l -> l.equals("gilguard: RELEASE_NOT_WORTH_IT lock=gil"
                + " thread=\"main\" at " + TINY + " (" + f.get("note") + ")")).count(), run.toString());
        assertStdout(run, "hold count after calls: 1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aReleaseAroundALongCallIsWorthIt(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "releasecost", rules("releasecost") + ",failOn=violation", true, "slow");
        assertSilent(run);
        assertEquals(List.of(), run.findings(), run.toString());
        assertStdout(run, "hold count after calls: 1");
    }
}
