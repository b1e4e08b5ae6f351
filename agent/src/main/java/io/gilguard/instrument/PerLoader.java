package io.gilguard.instrument;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the instrumentation learns of a loader's classes, by class name: the loader's entry goes
 * when the loader does (held weakly). Made on first use; no lambda (NoLambdaTest in test-apps).
 */
public final class PerLoader<V> {
    private final Map<ClassLoader, Map<String, V>> maps = new WeakHashMap<>();

    /** The loader's map, safe to read and write from any thread. */
    public synchronized Map<String, V> of(ClassLoader loader) {
        Map<String, V> m = maps.get(loader);
        if (m == null) {
            m = new ConcurrentHashMap<>();
            maps.put(loader, m);
        }
        return m;
    }

    /** The loaders that have a map now. */
    public synchronized List<ClassLoader> loaders() {
        return new ArrayList<>(maps.keySet());
    }
}
