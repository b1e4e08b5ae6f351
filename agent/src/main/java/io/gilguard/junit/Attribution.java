package io.gilguard.junit;

import io.gilguard.runtime.Errors;
import io.gilguard.runtime.Sink;
import io.gilguard.runtime.Violation;
import io.gilguard.runtime.Violations;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which test or test class a violation belongs to. An occurrence on a thread that runs a test (or
 * a class's {@code @BeforeAll}/{@code @AfterAll}) belongs to it. One on any other thread (a
 * native callback thread, a pool) belongs to the only test running, if exactly one runs; else to
 * the only test class running; else to nobody, and it is left to {@code failOn} and the report
 * files. Parallel execution keeps each thread's own; only the guess for other threads needs one
 * test or one class at a time. Findings and suppressed violations belong to nobody: they never
 * fail a test.
 */
final class Attribution implements Sink {
    private static volatile Attribution instance;

    private final ConcurrentHashMap<Thread, Scope> onThread = new ConcurrentHashMap<>();
    private final Set<Scope> tests = ConcurrentHashMap.newKeySet();
    private final Set<Scope> classes = ConcurrentHashMap.newKeySet();

    /** The one that hears every occurrence; it starts listening when the first test class starts. */
    static Attribution get() {
        Attribution a = instance;
        if (a == null) {
            synchronized (Attribution.class) {
                a = instance;
                if (a == null) {
                    a = new Attribution();
                    Violations.watch(a);
                    instance = a;
                }
            }
        }
        return a;
    }

    /** On the thread that runs the test (or the class's callbacks), before it. */
    Scope start(String name, boolean isClass) {
        return start(name, isClass, Thread.currentThread());
    }

    Scope start(String name, boolean isClass, Thread t) {
        Scope s = new Scope(name, isClass, t, onThread.get(t));
        (isClass ? classes : tests).add(s);
        onThread.put(t, s);
        return s;
    }

    /** After it, on the same thread: what happened during it. */
    List<Scope.Occurrences> end(Scope s) {
        (s.isClass ? classes : tests).remove(s);
        if (s.outer != null) {
            onThread.replace(s.thread, s, s.outer);
        } else {
            onThread.remove(s.thread, s);
        }
        return s.end();
    }

    @Override
    public void first(Violation v) {
        heard(v, Thread.currentThread());
    }

    @Override
    public void again(Violation v) {
        heard(v, Thread.currentThread());
    }

    /** An occurrence on thread {@code t}. */
    void heard(Violation v, Thread t) {
        try {
            if (v.suppressedBy() != null || v.kind().isFinding()) {
                return;
            }
            Scope s = owner(t);
            if (s != null) {
                s.add(v);
            }
        } catch (Throwable e) {
            Errors.internal(e);
        }
    }

    /** The scope an occurrence on thread {@code t} belongs to; null: the run's. */
    Scope owner(Thread t) {
        Scope s = onThread.get(t);
        if (s != null) {
            return s;
        }
        s = only(tests);
        return s != null ? s : only(classes);
    }

    private static Scope only(Set<Scope> running) {
        Iterator<Scope> it = running.iterator();
        if (!it.hasNext()) {
            return null;
        }
        Scope s = it.next();
        return it.hasNext() ? null : s;
    }
}
