package io.gilguard.instrument.rewrite;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.instrument.ClassHeader;
import io.gilguard.instrument.PoolNames;
import io.gilguard.rules.RulesParser;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.jupiter.api.Test;

/** Which classes the lock-call rewrite must read, from their headers alone. */
class LockCallsTest {
    static final class CallsReentrantLock {
        void run(ReentrantLock lock) {
            lock.lock();
            lock.unlock();
        }
    }

    static final class CallsWriteLock {
        void run(ReentrantReadWriteLock.WriteLock lock) {
            lock.lock();
        }
    }

    static final class AwaitsCondition {
        void run(Condition c) throws InterruptedException {
            c.await();
        }
    }

    static final class NamesTheField {
        static Object GIL = new Object();
    }

    static final class Plain {
        int add(int a, int b) {
            return a + b;
        }
    }

    @Test
    void aClassThatCallsALockOrNamesALocksFieldMayChange() throws Exception {
        PoolNames locks = LockCalls.names(RulesParser.parse("r", "lock gil = static a.B.GIL").locks());
        for (Class<?> c : List.of(CallsReentrantLock.class, CallsWriteLock.class, AwaitsCondition.class, NamesTheField.class)) {
            assertTrue(LockCalls.mayChange(header(c), locks), c.getName());
        }
        assertFalse(LockCalls.mayChange(header(Plain.class), locks));
        assertFalse(LockCalls.mayChange(header(NamesTheField.class), LockCalls.names(List.of())));
    }

    private static ClassHeader header(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class")) {
            return ClassHeader.of(in.readAllBytes());
        }
    }
}
