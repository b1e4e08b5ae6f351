package io.gilguard.instrument.advice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/**
 * The runtime cannot see the agent's classes, so it keeps its own copy of the native method
 * prefix, to name a wrapped native method as the user wrote it: the two must not drift apart.
 */
class NativePrefixTest {
    @Test
    void theRuntimeStripsThePrefixTheWrapperAdds() throws Exception {
        Field copy = Class.forName("io.gilguard.runtime.CallerSite").getDeclaredField("NATIVE_PREFIX");
        copy.setAccessible(true);
        assertEquals(Advising.NATIVE_PREFIX, copy.get(null));
    }
}
