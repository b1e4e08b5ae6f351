package io.gilguard.instrument.advice;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * The JDK's types, described once for every class that loads: each class's description reads
 * its supertypes (an upcall rule names a class or any class above it), and most of those are
 * the JDK's ({@code Object}, {@code Serializable}, ...). Only types found are kept: a name looked
 * up here first and defined by the application is not remembered, so what is kept is bounded by
 * the JDK's own classes that the application's classes extend or implement.
 */
final class JdkTypes implements TypePool.CacheProvider {
    private final ConcurrentMap<String, TypePool.Resolution> found = new ConcurrentHashMap<>();

    /** The parent of every class's pool: asked first, as the class loaders delegate. */
    static TypePool pool() {
        return new TypePool.Default.WithLazyResolution(new JdkTypes(),
                ClassFileLocator.ForClassLoader.ofPlatformLoader(), TypePool.Default.ReaderMode.FAST);
    }

    @Override
    public TypePool.Resolution find(String name) {
        return found.get(name);
    }

    @Override
    public TypePool.Resolution register(String name, TypePool.Resolution resolution) {
        if (!resolution.isResolved()) {
            return resolution;
        }
        TypePool.Resolution known = found.putIfAbsent(name, resolution);
        return known == null ? resolution : known;
    }

    @Override
    public void clear() {
        found.clear();
    }
}
