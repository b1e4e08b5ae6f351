package io.gilguard.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.Harness.Run;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Exact checks of the reports about thread state: the JSON entry and the stderr line. */
final class StateViolations {
    private StateViolations() {
    }

    /** What one report about thread state must say; null fields must be absent (null in JSON, not on the line). */
    static final class Expected {
        final String kind;
        final String state;
        final String thread;
        String owner;
        Site site;
        String origin;
        Site originSite;
        Site firstRestored;
        String note;
        long count = 1;

        Expected(String kind, String state, String thread) {
            this.kind = kind;
            this.state = state;
            this.thread = thread;
        }

        Expected owner(String o) {
            owner = o;
            return this;
        }

        Expected at(Site s) {
            site = s;
            return this;
        }

        /** {@code created}, {@code bound} or {@code saved}, at {@code s}. */
        Expected origin(String word, Site s) {
            origin = word;
            originSite = s;
            return this;
        }

        Expected firstRestoredAt(Site s) {
            firstRestored = s;
            return this;
        }

        Expected note(String n) {
            note = n;
            return this;
        }

        Expected count(long n) {
            count = n;
            return this;
        }

        /** The stderr line, exactly as ConsoleSink writes it (and as enforce's error message). */
        String line() {
            return "gilguard: " + kind + " state=" + state + " thread=\"" + thread + "\""
                    + (owner == null ? "" : " owner=\"" + owner + "\"")
                    + (site == null ? "" : " at " + site)
                    + (originSite == null ? "" : " " + origin + " at " + originSite)
                    + (firstRestored == null ? "" : " first restored at " + firstRestored)
                    + (note == null ? "" : " (" + note + ")");
        }
    }

    /** The report has exactly one entry matching e's kind, state, thread and site, and it says exactly e; so does stderr. */
    static void assertReported(Run run, Expected e) {
        List<Map<String, Object>> matching = run.violations().stream()
                .filter(v -> e.kind.equals(v.get("kind")) && e.state.equals(v.get("state")) && e.thread.equals(v.get("thread"))
                        && sameSite(e.site, v.get("site")))
                .collect(Collectors.toList());
        assertEquals(1, matching.size(), "entries for " + e.line() + " in " + run.reportFile + "\n" + run);
        Map<String, Object> v = matching.get(0);
        String where = e.line() + " in " + run.reportFile + "\n" + run;
        assertNull(v.get("lock"), "a state entry has no lock: " + where);
        assertEquals(e.owner, v.get("owner"), "owner of " + where);
        assertEquals(e.origin, v.get("origin"), "origin of " + where);
        assertTrue(sameSite(e.originSite, v.get("acquiredAt")), "acquiredAt of " + where);
        assertTrue(sameSite(e.firstRestored, v.get("firstRestoredAt")), "firstRestoredAt of " + where);
        assertEquals(e.note, v.get("note"), "note of " + where);
        assertEquals(e.count, v.get("count"), "count of " + where);
        assertTrue(run.stderrLines().contains(e.line()), "expected on stderr: " + e.line() + "\n" + run);
    }

    @SuppressWarnings("unchecked")
    private static boolean sameSite(Site expected, Object actual) {
        if (expected == null) {
            return actual == null;
        }
        if (!(actual instanceof Map)) {
            return false;
        }
        Map<String, Object> site = (Map<String, Object>) actual;
        return expected.json().entrySet().stream().allMatch(x -> x.getValue().equals(site.get(x.getKey())));
    }
}
