package io.gilguard.maven;

import java.util.Map;

/**
 * One entry of a report's {@code "violations"}, {@code "suppressed"} or {@code "findings"}, as
 * the agent writes it (agent: report/JsonReport.java): what {@code check} says of it and how it
 * tells one from another.
 *
 * @param what      {@code lock}, or {@code state} for thread state
 * @param name      the lock's (or the state's) name
 * @param origin    for thread state, what {@code acquiredAt} is ({@code created}, {@code bound}, {@code saved}); else null
 * @param maxMillis a finding's longest hold, -1 for a violation
 * @param test      the test that failed for it, when the agent's JUnit integration failed one; else null
 */
record Violation(String kind, String what, String name, String object, String thread, String owner, Site site,
        String nativeName, String origin, Site acquiredAt, Site firstRestoredAt, long holdCount, long maxMillis,
        String note, long count, String test, String suppressedBy) {

    static Violation of(Map<?, ?> json) {
        boolean state = json.containsKey("state");
        return new Violation(text(json, "kind"), state ? "state" : "lock", text(json, state ? "state" : "lock"),
                text(json, "object"), text(json, "thread"), text(json, "owner"), Site.of(json.get("site")),
                text(json, "native"), text(json, "origin"), Site.of(json.get("acquiredAt")), Site.of(json.get("firstRestoredAt")),
                number(json, "holdCount", 0), number(json, "maxMillis", -1), text(json, "note"), number(json, "count", 1),
                text(json, "test"), text(json, "suppressedBy"));
    }

    private static String text(Map<?, ?> json, String key) {
        Object o = json.get(key);
        return o == null ? null : o.toString();
    }

    private static long number(Map<?, ?> json, String key, long otherwise) {
        return json.get(key) instanceof Number n ? n.longValue() : otherwise;
    }

    /**
     * What makes two reports one violation: the same kind, lock (and object of a family), site and
     * acquisition site, as the agent deduplicates within one JVM; the forks of a build each see it.
     */
    String key() {
        return kind + '\u0000' + what + '=' + name + '\u0000' + object + '\u0000' + site + '\u0000' + acquiredAt;
    }

    /**
     * The agent's own line for it (agent: report/ConsoleSink.java): {@code KIND lock=NAME
     * [object=O] thread="T" [owner="T"] [at SITE] [native=SYMBOL] [acquired at SITE] [hold count N] [(note)]}.
     */
    String describe() {
        StringBuilder b = new StringBuilder(kind);
        if (name != null) {
            b.append(' ').append(what).append('=').append(name);
        }
        if (object != null) {
            b.append(" object=").append(object);
        }
        b.append(" thread=\"").append(thread).append('"');
        if (owner != null) {
            b.append(" owner=\"").append(owner).append('"');
        }
        if (site != null) {
            b.append(" at ").append(site);
        }
        if (nativeName != null) {
            b.append(" native=").append(nativeName);
        }
        if (acquiredAt != null) {
            b.append(' ').append(origin != null ? origin : "acquired").append(" at ").append(acquiredAt);
        }
        if (firstRestoredAt != null) {
            b.append(" first restored at ").append(firstRestoredAt);
        }
        if (holdCount > 0) {
            b.append(" hold count ").append(holdCount);
        }
        if (maxMillis >= 0 && kind.equals("LONG_HOLD_ACROSS_NATIVE")) {
            b.append(" held ").append(maxMillis).append(" ms");
        } else if (maxMillis >= 0 && kind.equals("CONTENDED")) {
            b.append(" waited ").append(maxMillis).append(" ms");
        }
        if (note != null) {
            b.append(" (").append(note).append(')');
        }
        return b.toString();
    }
}
