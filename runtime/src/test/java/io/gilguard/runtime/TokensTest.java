package io.gilguard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The token ledger's decisions, on real threads: a restore by a thread that did not save, the
 * saver's restore after it (the second), a restore twice by the saver, number tokens, enforce,
 * and a thread that ends with a token it never restored.
 */
class TokensTest {
    private static final int AUDIT = 0;
    private static final int ENFORCED = 1;
    private static int lines;
    // Each test has sites of its own: reports are told apart (and deduplicated) by their sites.
    private final int save = site("save");
    private final int restoreA = site("restoreA");
    private final int restoreB = site("restoreB");

    @BeforeAll
    static void rules() {
        States.define(new int[0], new boolean[0], new String[] {"t.Py#save->restore", "t.Py#save->restore!"},
                new boolean[] {false, true});
    }

    private static synchronized int site(String method) {
        return Sites.register("t.App", method, "App.java", ++lines);
    }

    @Test
    void aRestoreByAThreadThatDidNotSaveIt() throws Exception {
        Object token = new Object();
        on("saver-1", () -> {
            Tokens.saved(token, AUDIT, save);
            return null;
        });
        // the saver is still alive for the purpose of the check: its ledger is registered
        assertNull(on("other-1", () -> Tokens.restoring(token, AUDIT, restoreB, 0)));
        Violation first = only("other-1");
        assertEquals(Kind.STATE_RESTORED_TWICE, first.kind());
        assertEquals("saver-1", first.owner());
        assertEquals(restoreB, first.site());
        assertEquals(save, first.acquiredAt());
        assertEquals(0, first.priorSite());
        assertEquals("saved", first.origin());
        assertEquals("restored by a thread that did not save it", first.note());
    }

    @Test
    void aTokenRestoredTwiceByItsSaver() throws Exception {
        on("saver-2", () -> {
            long handle = 0x7f00_1234L;
            Tokens.saved(handle, AUDIT, save);
            assertNull(Tokens.restoring(handle, AUDIT, restoreA, 0)); // its own, once: fine
            assertNull(Tokens.restoring(handle, AUDIT, restoreB, 0)); // again
            return null;
        });
        Violation v = only("saver-2");
        assertEquals(Kind.STATE_RESTORED_TWICE, v.kind());
        assertNull(v.owner(), "the saver itself: no other owner to name");
        assertEquals(restoreB, v.site());
        assertEquals(save, v.acquiredAt());
        assertEquals(restoreA, v.priorSite());
        assertEquals("second restore, the first on thread \"saver-2\"", v.note());
    }

    @Test
    void aForeignRestoreThenTheSaversIsReportedAsTheSecond() throws Exception {
        Object token = new Object();
        AtomicReference<Thread> saver = new AtomicReference<>();
        java.util.concurrent.CountDownLatch saved = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch taken = new java.util.concurrent.CountDownLatch(1);
        Thread s = new Thread(() -> {
            Tokens.saved(token, AUDIT, save);
            saved.countDown();
            try {
                taken.await();
            } catch (InterruptedException e) {
                return;
            }
            Tokens.restoring(token, AUDIT, restoreA, 0);
        }, "saver-3");
        saver.set(s);
        s.start();
        saved.await();
        on("other-3", () -> Tokens.restoring(token, AUDIT, restoreB, 0));
        taken.countDown();
        s.join();
        Violation second = only("saver-3");
        assertEquals(restoreA, second.site());
        assertEquals(restoreB, second.priorSite());
        assertEquals("second restore, the first on thread \"other-3\"", second.note());
    }

    @Test
    void enforceRefusesAndTheTokenStaysTheSavers() throws Exception {
        Object token = new Object();
        java.util.concurrent.CountDownLatch saved = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch refused = new java.util.concurrent.CountDownLatch(1);
        AtomicReference<GilguardError> own = new AtomicReference<>();
        Thread s = new Thread(() -> {
            Tokens.saved(token, ENFORCED, save);
            saved.countDown();
            try {
                refused.await();
            } catch (InterruptedException e) {
                return;
            }
            own.set(Tokens.restoring(token, ENFORCED, restoreA, 0));
        }, "saver-4");
        s.start();
        saved.await();
        GilguardError e = on("other-4", () -> Tokens.restoring(token, ENFORCED, restoreB, 0));
        assertNotNull(e, "refused");
        assertTrue(e.getMessage().contains("STATE_RESTORED_TWICE"), e.getMessage());
        refused.countDown();
        s.join();
        assertNull(own.get(), "the saver's own restore is the first one that happened");
        assertEquals(1, reportsOf("saver-4").size() + reportsOf("other-4").size());
    }

    @Test
    void aThreadThatEndsWithATokenIsReported() throws Exception {
        on("saver-5", () -> {
            Tokens.saved(new Object(), AUDIT, save);
            return null;
        });
        Tokens.sweep();
        Violation v = only("saver-5");
        assertEquals(Kind.HELD_AT_THREAD_EXIT, v.kind());
        assertEquals("t.Py#save->restore", v.lock());
        assertTrue(v.isState());
        assertEquals(save, v.acquiredAt());
        assertEquals("token never restored", v.note());
    }

    @Test
    void aTokenNobodySavedIsLetBe() throws Exception {
        assertNull(on("stranger", () -> Tokens.restoring(new Object(), AUDIT, restoreA, 0)));
        assertEquals(List.of(), reportsOf("stranger"));
    }

    private static List<Violation> reportsOf(String thread) {
        return Violations.all().stream().filter(v -> thread.equals(v.thread())).collect(Collectors.toList());
    }

    private static Violation only(String thread) {
        List<Violation> found = reportsOf(thread);
        assertEquals(1, found.size(), "reports of " + thread + ": " + found);
        return found.get(0);
    }

    /** Runs on a new thread of that name, waits, returns its result. */
    private static <T> T on(String name, Callable<T> body) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(body.call());
            } catch (Exception e) {
                failure.set(e);
            }
        }, name);
        t.start();
        t.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }
}
