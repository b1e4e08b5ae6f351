package io.gilguard.apps.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The native thread native-cb-0, started by the test, calls back into Java: the safe listener
 * gives the GIL back, the leaky one keeps it. The safe one runs first: after the leak the GIL
 * stays held by a thread that has ended.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NativeThreadTest {
    @Test
    @Order(1)
    void safeListener() {
        SafeListener listener = new SafeListener();
        NativeLib.fire(listener);
        assertEquals(2, listener.events);
        assertFalse(Engine.GIL.isLocked());
    }

    @Test
    @Order(2)
    void leakyListener() {
        LeakyListener listener = new LeakyListener();
        NativeLib.fire(listener);
        assertEquals(2, listener.events);
    }
}
