package io.gilguard.apps.callback;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Run with parallel execution on: while both tests run, one starts the native thread
 * native-cb-0, whose callbacks break "require gil". Which test it belongs to cannot be known (a
 * native thread runs no test): it fails the class, and neither test.
 */
class SharedNativeThreadTest {
    private static final CyclicBarrier BOTH = new CyclicBarrier(2);

    @Test
    void startsNativeThread() throws Exception {
        BOTH.await(20, TimeUnit.SECONDS);
        NativeLib.run(new Counter(), 1, 3);
        BOTH.await(20, TimeUnit.SECONDS);
    }

    @Test
    void waits() throws Exception {
        BOTH.await(20, TimeUnit.SECONDS);
        BOTH.await(20, TimeUnit.SECONDS);
    }
}
