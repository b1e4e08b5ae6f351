package io.gilguard.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.gilguard.runtime.Kind;
import io.gilguard.runtime.TestViolations;
import io.gilguard.runtime.Violation;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which scope an occurrence belongs to, by the thread it happened on and what else runs. */
class AttributionTest {
    private final Attribution attribution = new Attribution();
    private final Thread a = new Thread("a");
    private final Thread b = new Thread("b");
    private final Thread nativeThread = new Thread("native-cb-0");
    private final Violation v1 = TestViolations.of(Kind.REQUIRED_NOT_HELD, "gil");
    private final Violation v2 = TestViolations.of(Kind.LEAKED_AT_RETURN, "gil");

    @Test
    void eachConcurrentTestKeepsWhatHappenedOnItsOwnThread() {
        Scope testA = attribution.start("C#a", false, a);
        Scope testB = attribution.start("C#b", false, b);
        attribution.heard(v1, a);
        attribution.heard(v1, a);
        attribution.heard(v2, b);
        assertEquals(Map.of(v1, 2L), counts(attribution.end(testA)));
        assertEquals(Map.of(v2, 1L), counts(attribution.end(testB)));
    }

    @Test
    void anotherThreadGoesToTheOnlyTestRunning() {
        Scope cls = attribution.start("C", true, a);
        Scope test = attribution.start("C#a", false, a);
        attribution.heard(v1, nativeThread);
        assertEquals(Map.of(v1, 1L), counts(attribution.end(test)));
        assertEquals(Map.of(), counts(attribution.end(cls)));
    }

    @Test
    void anotherThreadWhileTwoTestsRunGoesToTheirOnlyClass() {
        Scope cls = attribution.start("C", true, a);
        Scope testA = attribution.start("C#a", false, a);
        Scope testB = attribution.start("C#b", false, b);
        attribution.heard(v1, nativeThread);
        assertEquals(Map.of(), counts(attribution.end(testA)));
        assertEquals(Map.of(), counts(attribution.end(testB)));
        assertEquals(Map.of(v1, 1L), counts(attribution.end(cls)));
    }

    @Test
    void anotherThreadWhileTwoClassesAndTwoTestsRunBelongsToTheRun() {
        attribution.start("C", true, a);
        attribution.start("D", true, b);
        attribution.start("C#a", false, a);
        attribution.start("D#b", false, b);
        assertNull(attribution.owner(nativeThread));
    }

    @Test
    void betweenTestsTheClassThreadGoesBackToItsClass() {
        Scope cls = attribution.start("C", true, a);
        Scope test = attribution.start("C#a", false, a);
        assertSame(test, attribution.owner(a));
        attribution.end(test);
        assertSame(cls, attribution.owner(a));
        attribution.heard(v1, a);
        assertEquals(Map.of(v1, 1L), counts(attribution.end(cls)));
        assertNull(attribution.owner(a));
        assertNull(attribution.owner(nativeThread));
    }

    @Test
    void findingsAndSuppressedViolationsFailNothing() {
        Scope test = attribution.start("C#a", false, a);
        attribution.heard(TestViolations.of(Kind.LONG_HOLD_ACROSS_NATIVE, "gil"), a);
        attribution.heard(TestViolations.suppressed(Kind.REQUIRED_NOT_HELD, "gil", "known"), a);
        assertEquals(Map.of(), counts(attribution.end(test)));
    }

    @Test
    void anEndedScopeTakesNoMore() {
        Scope test = attribution.start("C#a", false, a);
        attribution.heard(v1, a);
        assertEquals(Map.of(v1, 1L), counts(attribution.end(test)));
        assertEquals(false, test.add(v1));
        assertEquals(Map.of(), counts(test.end()));
    }

    @Test
    void aDistinctViolationInTwoTestsCountsInEach() {
        Scope first = attribution.start("C#a", false, a);
        attribution.heard(v1, a);
        attribution.end(first);
        Scope second = attribution.start("C#b", false, a);
        attribution.heard(v1, a);
        attribution.heard(v1, nativeThread);
        assertEquals(Map.of(v1, 2L), counts(attribution.end(second)));
    }

    private static Map<Violation, Long> counts(List<Scope.Occurrences> seen) {
        return seen.stream().collect(Collectors.toMap(o -> o.violation, o -> o.times));
    }
}
