package com.example.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The broken twin's test: it checks the count, which is right, and passes without gilguard.
 * Run with -Dexample.broken=true (it leaves the GIL held by a dead thread for the rest of the JVM).
 */
@EnabledIfSystemProperty(named = "example.broken", matches = "true")
class LeakyCounterTest {
    @Test
    void countsEveryEventOfTheEngineThread() {
        LeakyCounter counter = new LeakyCounter();
        Engine.run(counter, 100);
        assertEquals(100, counter.events());
    }
}
