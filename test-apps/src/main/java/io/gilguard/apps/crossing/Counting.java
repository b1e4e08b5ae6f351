package io.gilguard.apps.crossing;

/** Counts flushes in a plain int that Engine.GIL is supposed to guard. */
public final class Counting extends AbstractEventListener {
    private int count; // guarded by Engine.GIL; deliberately not atomic

    @Override
    public void onFlushCompleted() {
        int seen = count;
        // a little work between read and write, so that calls without the lock lose updates
        for (int i = 0; i < 100; i++) {
            Thread.onSpinWait();
        }
        count = seen + 1;
    }

    /** Reads the count under the lock, which also makes the callbacks' writes visible. */
    public int count() {
        Engine.GIL.lock();
        try {
            return count;
        } finally {
            Engine.GIL.unlock();
        }
    }
}
