package io.gilguard.rules;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The three shapes of name, as the regular expressions they stand for would judge them. */
class NamesTest {
    @Test
    void lockNames() {
        for (String ok : new String[] {"gil", "_x", "a.b-c_9", "Z"}) {
            assertTrue(Names.lockName(ok), ok);
        }
        for (String bad : new String[] {"", "9a", "-a", ".a", "a b", "a$", "a*", "é"}) {
            assertFalse(Names.lockName(bad), bad);
        }
    }

    @Test
    void symbols() {
        for (String ok : new String[] {"sqlite3_open", "*", "9x", "a$b@c.d", "Java_a_B_n"}) {
            assertTrue(Names.symbol(ok), ok);
        }
        for (String bad : new String[] {"", "a-b", "a b", "a#b", "a(b)"}) {
            assertFalse(Names.symbol(bad), bad);
        }
    }

    @Test
    void javaNames() {
        for (String ok : new String[] {"com.example.Engine", "$Proxy", "*", "_a.b$c", "a.*"}) {
            assertTrue(Names.javaName(ok), ok);
        }
        for (String bad : new String[] {"", "9a", ".a", "a-b", "a#b", "a b", "a@b"}) {
            assertFalse(Names.javaName(bad), bad);
        }
    }
}
