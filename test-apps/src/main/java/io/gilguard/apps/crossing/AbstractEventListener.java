package io.gilguard.apps.crossing;

/**
 * The shape of RocksDB's {@code org.rocksdb.AbstractEventListener}: native code calls a private
 * proxy, which calls the public callback an application overrides. A rule {@code #on*} matches
 * both, so one callback from native code is two upcall frames on the same thread: one crossing,
 * reported once, at the proxy, where native code entered Java.
 */
public abstract class AbstractEventListener {
    /** Called after a flush; the application overrides it. */
    public void onFlushCompleted() {
    }

    /** Called after a compaction; the application overrides it. */
    public void onCompactionCompleted() {
    }

    /** What native code calls for a flush (through JNI, it is private). */
    private void onFlushCompletedProxy() {
        onFlushCompleted(); // @site:flush-proxy
    }

    /** What native code calls for a compaction. */
    private void onCompactionCompletedProxy() {
        onCompactionCompleted(); // @site:compaction-proxy
    }
}
