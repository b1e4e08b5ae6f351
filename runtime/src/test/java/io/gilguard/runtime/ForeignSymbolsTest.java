package io.gilguard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The address-to-symbol table the FFM downcall handles are wrapped by: found, replaced, grown, forgotten. */
class ForeignSymbolsTest {
    /** Aligned like real function addresses, far from any other test's. */
    private static final long BASE = 0x7f00_dead_0000L;

    @Test
    void anAddressIsFoundAndAnUnknownOneIsNot() {
        ForeignDowncalls.found("ffm_test_one", BASE);
        assertEquals("ffm_test_one", ForeignSymbols.at(BASE).symbol);
        assertNull(ForeignSymbols.at(BASE + 16));
        ForeignDowncalls.found("ignored", 0); // a lookup that found nothing
        assertNull(ForeignSymbols.at(0));
    }

    @Test
    void theLastNameOfAnAddressCountsAndTheSameNameKeepsItsEntry() {
        ForeignDowncalls.found("ffm_alias", BASE + 0x100);
        ForeignSymbols.Entry first = ForeignSymbols.at(BASE + 0x100);
        ForeignDowncalls.found("ffm_alias", BASE + 0x100);
        assertSame(first, ForeignSymbols.at(BASE + 0x100), "the same name again keeps the entry and its cached boundary");
        ForeignDowncalls.found("__ffm_alias", BASE + 0x100);
        assertEquals("__ffm_alias", ForeignSymbols.at(BASE + 0x100).symbol);
    }

    @Test
    void everyAddressIsStillFoundAfterTheTableGrows() {
        for (int i = 0; i < 5000; i++) {
            ForeignDowncalls.found("ffm_many_" + i, BASE + 0x10_0000L + 16L * i);
        }
        for (int i = 0; i < 5000; i++) {
            assertEquals("ffm_many_" + i, ForeignSymbols.at(BASE + 0x10_0000L + 16L * i).symbol);
        }
    }

    @Test
    void aNewAgentForgetsTheCachedBoundaries() {
        ForeignDowncalls.found("ffm_cached", BASE + 0x200);
        ForeignSymbols.at(BASE + 0x200).code = ForeignDowncalls.NONE;
        ForeignDowncalls.resolver(null);
        assertEquals(0, ForeignSymbols.at(BASE + 0x200).code, "unresolved again");
        assertEquals("ffm_cached", ForeignSymbols.at(BASE + 0x200).symbol);
    }
}
