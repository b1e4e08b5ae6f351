package io.gilguard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A JNA function's boundary is asked of the agent once per C name, and forgotten when the agent goes. */
class JnaFunctionsTest {
    private final List<String> asked = new ArrayList<>();
    private final Object function = new Object();

    @AfterEach
    void noAgent() {
        JnaFunctions.resolver(null);
    }

    @Test
    void eachNameIsResolvedOnceThenKept() {
        JnaFunctions.resolver((symbol, loader) -> {
            asked.add(symbol);
            return symbol.equals("qsort") ? 7 : -1;
        });
        assertEquals(7, JnaFunctions.boundary("qsort", function));
        assertEquals(7, JnaFunctions.boundary("qsort", function));
        assertEquals(-1, JnaFunctions.boundary("strlen", function));
        assertEquals(-1, JnaFunctions.boundary("strlen", function));
        assertEquals(-1, JnaFunctions.boundary("native@0x7f0012345678", function), "a bare pointer has no symbol");
        assertEquals(List.of("qsort", "strlen"), asked);
        assertEquals(null, JnaFunctions.enter(-1), "no boundary, nothing entered");
    }

    @Test
    void aNewAgentAnswersAgainAndNoAgentAnswersNothing() {
        JnaFunctions.resolver((symbol, loader) -> 3);
        assertEquals(3, JnaFunctions.boundary("qsort", function));
        JnaFunctions.resolver(null);
        assertEquals(-1, JnaFunctions.boundary("qsort", function));
        JnaFunctions.resolver((symbol, loader) -> 5);
        assertEquals(5, JnaFunctions.boundary("qsort", function));
        assertEquals(-1, JnaFunctions.boundary(null, function));
    }

    @Test
    void anAgentThatThrowsIsCountedAndTheCallGoesOn() {
        long before = Errors.internalCount();
        JnaFunctions.resolver((symbol, loader) -> {
            throw new IllegalStateException("agent failure");
        });
        assertEquals(-1, JnaFunctions.boundary("qsort", function));
        assertEquals(before + 1, Errors.internalCount());
    }
}
