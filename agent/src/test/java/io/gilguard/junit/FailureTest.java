package io.gilguard.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.report.ConsoleSink;
import io.gilguard.runtime.Kind;
import io.gilguard.runtime.TestViolations;
import io.gilguard.runtime.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The failure's message: the console's line and stack of each violation, and its count there. */
class FailureTest {
    @Test
    void theMessageHasEachViolationsLineStackAndCount() {
        Violation once = TestViolations.of(Kind.REQUIRED_NOT_HELD, "gil");
        Violation thrice = TestViolations.of(Kind.LEAKED_AT_RETURN, "gil");
        Scope test = new Scope("C#m", false, Thread.currentThread(), null);
        AssertionError e = Failure.of(test, List.of(new Scope.Occurrences(once, 1), new Scope.Occurrences(thrice, 3)));
        String expected = "gilguard: 2 violations during this test:\n"
                + "gilguard: REQUIRED_NOT_HELD lock=gil thread=\"" + Thread.currentThread().getName() + "\""
                + ConsoleSink.frames(once.stack()) + "\n(seen 1 time in this test)\n"
                + ConsoleSink.line(thrice) + ConsoleSink.frames(thrice.stack()) + "\n(seen 3 times in this test)";
        assertEquals(expected, e.getMessage());
        assertTrue(once.stack().length > 0, "a stack to show");
        assertEquals("C#m", once.test());
        assertEquals("C#m", thrice.test());
        assertEquals(0, e.getStackTrace().length);
    }

    @Test
    void aClassSaysSo() {
        Violation v = TestViolations.of(Kind.REQUIRED_NOT_HELD, "gil");
        AssertionError e = Failure.of(new Scope("C", true, Thread.currentThread(), null), List.of(new Scope.Occurrences(v, 2)));
        assertTrue(e.getMessage().startsWith("gilguard: 1 violation in this class, outside its tests:\n"), e.getMessage());
        assertTrue(e.getMessage().endsWith("\n(seen 2 times in this class)"), e.getMessage());
        assertEquals("C", v.test());
    }

    @Test
    void nothingSeenIsNoFailure() {
        assertNull(Failure.of(new Scope("C#m", false, Thread.currentThread(), null), List.of()));
    }

    @Test
    void theFirstTestToFailForAViolationIsTheOneItNames() {
        Violation v = TestViolations.of(Kind.REQUIRED_NOT_HELD, "gil");
        Failure.of(new Scope("C#first", false, Thread.currentThread(), null), List.of(new Scope.Occurrences(v, 1)));
        Failure.of(new Scope("C#second", false, Thread.currentThread(), null), List.of(new Scope.Occurrences(v, 1)));
        assertEquals("C#first", v.test());
    }
}
