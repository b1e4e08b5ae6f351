package io.gilguard.report;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.runtime.Kind;
import org.junit.jupiter.api.Test;

class KindsTest {
    /** A kind added without its help would write a SARIF rule without text (or fail at exit). */
    @Test
    void everyKindIsExplained() {
        for (Kind k : Kind.values()) {
            assertTrue(Kinds.shortDescription(k).endsWith("."), k.name());
            assertTrue(Kinds.fullDescription(k).length() > Kinds.shortDescription(k).length(), k.name());
            assertTrue(Kinds.help(k).startsWith(Kinds.fullDescription(k) + " "), k.name());
            assertNotEquals(Kinds.fullDescription(k) + " ", Kinds.help(k), k.name());
        }
    }
}
