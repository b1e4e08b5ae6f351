package io.gilguard.apps.restore;

/** The fix: "guaranteeing that each thread has its own PyThreadState" saved and restored. */
final class PerThreadCallPolicy implements CallPolicy {
    private static final ThreadLocal<long[]> SAVED = ThreadLocal.withInitial(() -> new long[1]);

    @Override
    public void precall() {
        SAVED.get()[0] = Py.saveThread();
    }

    @Override
    public void postcall() {
        Py.restoreThread(SAVED.get()[0]);
    }
}
