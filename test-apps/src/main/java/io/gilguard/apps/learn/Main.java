package io.gilguard.apps.learn;

import java.util.HashMap;
import java.util.Map;

/**
 * Learn mode's shapes: a static lock held across a native call, a long call made holding
 * nothing, a synchronized method and a field lock around native calls, synchronized blocks left
 * early and by an exception before a call that holds nothing, a callback on the calling thread
 * holding the GIL, a lambda called from a native thread that takes the GIL itself, and state
 * kept by one thread or shared. "broken": the held call made without the GIL and the slow one
 * holding it.
 */
public final class Main {
    static final Map<String, String> CACHE = new HashMap<>();
    static int events;

    public static void main(String[] args) throws Exception {
        boolean broken = args.length > 0 && args[0].equals("broken");
        for (int i = 0; i < 3; i++) {
            if (broken && i == 2) {
                Native.held(1); // @site:learn-held-unlocked
            } else {
                Engine.GIL.lock();
                try {
                    Native.held(1);
                } finally {
                    Engine.GIL.unlock();
                }
            }
        }
        if (broken) {
            Engine.GIL.lock(); // @site:learn-broken-acquire
        }
        try {
            Native.slow(1000); // @site:learn-slow
        } finally {
            if (broken) {
                Engine.GIL.unlock();
            }
        }
        Store store = new Store();
        store.flush();
        store.flush();
        try {
            store.fail();
        } catch (IllegalStateException expected) {
            // the monitor was let go on the way out
        }
        store.put();
        cached("a");
        cached("a");
        try {
            synchronized (CACHE) {
                throw new IllegalStateException("cache failed");
            }
        } catch (IllegalStateException expected) {
            // let go by the handler's monitorexit
        }
        Native.after(1);
        Engine.GIL.lock();
        try {
            Native.callBack(() -> events++);
        } finally {
            Engine.GIL.unlock();
        }
        Native.fromThread(() -> {
            Engine.GIL.lock();
            try {
                events++;
            } finally {
                Engine.GIL.unlock();
            }
        }, 3);
        Session mine = new Session();
        mine.step();
        Shared shared = new Shared();
        Thread other = new Thread(shared::use, "other");
        other.start();
        other.join();
        System.out.println("events=" + events);
    }

    /** A synchronized block with an early return. */
    static String cached(String key) {
        synchronized (CACHE) {
            String v = CACHE.get(key);
            if (v != null) {
                return v;
            }
            CACHE.put(key, key + key);
            return key;
        }
    }
}
