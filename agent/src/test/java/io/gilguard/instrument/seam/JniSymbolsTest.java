package io.gilguard.instrument.seam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class JniSymbolsTest {
    @Test
    void namesAsTheJvmLooksThemUp() {
        // JNI specification, "Resolving Native Method Names": _1 for '_', _2 for ';', _3 for '[', _0xxxx otherwise
        assertEquals(List.of("Java_a_b_1c_D_00024E_f_1g", "Java_a_b_1c_D_00024E_f_1g__I_3Ljava_lang_String_2"),
                JniSymbols.of("a.b_c.D$E", "f_g", "(I[Ljava/lang/String;)V"));
        assertEquals(List.of("Java_p_Q_run", "Java_p_Q_run__"), JniSymbols.of("p.Q", "run", "()J"));
    }

    @Test
    void tellsWhichClassesAndMethodsAGlobMayName() {
        assertTrue(JniSymbols.mayName("Java_p_Q_*", "p.Q"));
        assertTrue(JniSymbols.mayName("Java_p_*", "p.Q"));
        assertTrue(JniSymbols.mayName("*compress*", "p.Q"));
        assertFalse(JniSymbols.mayName("Java_p_R_*", "p.Q"));
        assertFalse(JniSymbols.mayName("ZSTD_*", "p.Q"));
        assertTrue(JniSymbols.mayNameMethod("Java_p_Q_run", "run"));
        assertTrue(JniSymbols.mayNameMethod("Java_p_Q_run__J", "run"));
        assertFalse(JniSymbols.mayNameMethod("Java_p_Q_run", "stop"));
        assertTrue(JniSymbols.mayNameMethod("Java_p_*", "stop"));
        assertFalse(JniSymbols.mayNameMethod("qsort", "qsort"));
    }
}
