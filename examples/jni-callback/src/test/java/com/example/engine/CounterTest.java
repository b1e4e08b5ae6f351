package com.example.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class CounterTest {
    @Test
    void countsEveryEventOfTheEngineThread() {
        Counter counter = new Counter();
        Engine.run(counter, 100);
        assertEquals(100, counter.events());
        assertFalse(Engine.GIL.isLocked());
    }
}
