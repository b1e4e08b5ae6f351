package io.gilguard.apps.crossing;

/**
 * A flush callback that triggers a compaction, whose callback comes back on the same thread:
 * through native code ({@link NativeLib#compact}: upcall, downcall, upcall, two crossings, each
 * checked), or, {@code direct}, by a plain Java call (one crossing).
 */
public final class Relay extends AbstractEventListener {
    private final boolean direct;
    int flushes; // written by one native thread, read after it was joined
    int compactions;

    Relay(boolean direct) {
        this.direct = direct;
    }

    @Override
    public void onFlushCompleted() {
        flushes++;
        if (direct) {
            onCompactionCompleted();
        } else {
            NativeLib.compact(this);
        }
    }

    @Override
    public void onCompactionCompleted() {
        compactions++;
    }
}
