package io.gilguard.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Learn mode's thread-state candidates: per class that declares native methods, whether each of
 * its objects was used (its instance methods run) only by the thread that made it. A class
 * stops being followed at its first object used by another thread; each follows at most
 * {@link #OBJECTS} objects at a time, weakly (an object that equals another is taken for it: at
 * worst a candidate missed, never one proposed wrongly).
 */
public final class StatesSeen {
    static final int OBJECTS = 4096;

    private static final List<StatesSeen> CLASSES = new ArrayList<>();

    public final String className;
    private final Map<Object, Long> creators = new WeakHashMap<>();
    private long made;
    private long uses;
    private String sharedBy;

    private StatesSeen(String className) {
        this.className = className;
    }

    /** A number for the class, at instrumentation time. */
    public static synchronized int define(String className) {
        CLASSES.add(new StatesSeen(className));
        return CLASSES.size() - 1;
    }

    public static synchronized List<StatesSeen> all() {
        return new ArrayList<>(CLASSES);
    }

    static synchronized void clear() {
        CLASSES.clear();
    }

    static synchronized StatesSeen of(int id) {
        return id >= 0 && id < CLASSES.size() ? CLASSES.get(id) : null;
    }

    synchronized void made(Object o, long thread) {
        made++;
        if (sharedBy == null && creators.size() < OBJECTS) {
            creators.put(o, thread);
        }
    }

    synchronized void used(Object o, long thread, String threadName) {
        uses++;
        if (sharedBy != null) {
            return;
        }
        Long creator = creators.get(o);
        if (creator != null && creator != thread) {
            sharedBy = threadName;
            creators.clear();
        }
    }

    public synchronized long made() {
        return made;
    }

    public synchronized long uses() {
        return uses;
    }

    /** A thread that used an object another thread made, or null: then every object stayed with its maker. */
    public synchronized String sharedBy() {
        return sharedBy;
    }
}
