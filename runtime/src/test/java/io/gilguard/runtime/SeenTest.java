package io.gilguard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Learn mode looks for a boundary's call sites by a stack walk: at its first calls, then ever more rarely. */
class SeenTest {
    @Test
    void aSiteIsLookedForAtTheFirstCallsThenAtEachPowerOfTwo() {
        Seen seen = new Seen();
        seen.site("A.java:1"); // one place calls it, over and over: a second site is still wanted
        List<Integer> looked = new ArrayList<>();
        for (int call = 1; call <= 300; call++) {
            if (seen.wantsSite()) {
                looked.add(call);
            }
        }
        List<Integer> expected = new ArrayList<>();
        for (int call = 1; call <= 16; call++) {
            expected.add(call);
        }
        expected.addAll(List.of(32, 64, 128, 256));
        assertEquals(expected, looked);
    }

    @Test
    void noSiteIsWantedOnceEnoughAreKept() {
        Seen seen = new Seen();
        seen.site("A.java:1");
        seen.site("B.java:2");
        assertFalse(seen.wantsSite());
        seen.site("C.java:3");
        assertEquals(List.of("A.java:1", "B.java:2"), seen.sites());
    }
}
