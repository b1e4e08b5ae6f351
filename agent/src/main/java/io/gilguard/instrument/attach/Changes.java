package io.gilguard.instrument.attach;

import io.gilguard.runtime.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an attached agent changed, and what it could not: the names of the classes its
 * transformers rewrote (so that detach knows what to restore, also for classes loaded after the
 * attach), and one line per transformation error (so that the attach command can show them all,
 * not only the first).
 */
public final class Changes {
    /** Keeps memory bounded if something fails for every class of a large application. */
    private static final int MAX_ERRORS = 1000;

    private final Set<String> classes = ConcurrentHashMap.newKeySet();
    private final List<String> errors = new ArrayList<>();
    private int moreErrors;

    /** {@code name} with dots. */
    public void changed(String name) {
        classes.add(name);
    }

    /** Names of every class changed so far, with dots. */
    public Set<String> classes() {
        return Set.copyOf(classes);
    }

    /** Said on the target's stderr at once (once per text), kept for the attach command. */
    public void error(String line) {
        Errors.note(line);
        synchronized (errors) {
            if (errors.size() < MAX_ERRORS) {
                errors.add(line);
            } else {
                moreErrors++;
            }
        }
    }

    public List<String> errors() {
        synchronized (errors) {
            List<String> all = new ArrayList<>(errors);
            if (moreErrors > 0) {
                all.add("... and " + moreErrors + " more transformation errors");
            }
            return all;
        }
    }
}
