package io.gilguard.apps.builtin;

import java.util.Arrays;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

/**
 * lmdbjava used the way an application does (byte[] buffers: the ByteBuffer proxy needs
 * --add-opens java.base/java.nio on 17+): an environment, a database with a Java comparator
 * that LMDB calls from its native code during put (nativeCb=true), puts in a write transaction,
 * gets in a read transaction. The comparator takes the application's lock APP: with "fixed" it
 * unlocks in finally; with "leak" it returns holding it, into LMDB's mdb_put.
 */
public final class LmdbApp {
    /** The application's lock. */
    static final ReentrantLock APP = new ReentrantLock();

    public static void main(String[] args) throws Exception {
        boolean leak = args.length > 0 && args[0].equals("leak");
        Path dir = Files.createTempDirectory("gilguard-lmdb");
        AtomicInteger compared = new AtomicInteger();
        Comparator<byte[]> comparator = leak ? new Comparator<>() {
            @Override
            public int compare(byte[] a, byte[] b) {
                compared.incrementAndGet();
                APP.lock(); // @site:leak-lock
                return Arrays.compare(a, b);
            }
        } : new Comparator<>() {
            @Override
            public int compare(byte[] a, byte[] b) {
                compared.incrementAndGet();
                APP.lock();
                try {
                    return Arrays.compare(a, b);
                } finally {
                    APP.unlock();
                }
            }
        };
        try (Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA).setMapSize(16 << 20).setMaxDbs(1).open(dir.toFile())) {
            Dbi<byte[]> db = env.openDbi("gilguard", comparator, true, DbiFlags.MDB_CREATE);
            try (Txn<byte[]> txn = env.txnWrite()) {
                for (int i = 0; i < 10; i++) {
                    db.put(txn, bytes("key" + i), bytes("value" + i));
                }
                txn.commit();
            }
            try (Txn<byte[]> txn = env.txnRead()) {
                System.out.println("key7=" + new String(db.get(txn, bytes("key7")), StandardCharsets.UTF_8));
            }
        }
        System.out.println("compared=" + compared.get());
        System.out.println("app lock " + (APP.isLocked() ? "still held" : "free"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
