package io.gilguard.report;

import io.gilguard.runtime.Learning;
import io.gilguard.runtime.Seen;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Learn mode's judgement: the policy lines a run's observations support, each with the comment
 * that says why. Never stronger than the evidence: {@code require} only where every call held
 * the lock, {@code forbid} only where no call held it and calls were long; {@code audit} (and the
 * word "unsure") everywhere else.
 */
final class Proposals {
    /** One boundary as seen: what a rule names it by, its counts, the monitor a {@code synchronized native} holds (-1), where an upcall arrived. */
    record Boundary(String named, Seen seen, int heldMonitor, String arrivedIn) {}

    private final List<Boundary> downcalls;
    private final List<Boundary> upcalls;
    private final long longNanos;
    /** Per lock form, whether it is proposed at all (a library's with a built-in set is not). */
    private final boolean[] counted;

    Proposals(List<Boundary> downcalls, List<Boundary> upcalls, long longNanos, boolean[] counted) {
        this.downcalls = downcalls;
        this.upcalls = upcalls;
        this.longNanos = longNanos;
        this.counted = counted;
    }

    /** The lock forms held on the way into some boundary, or taken inside an upcall, in form order. */
    List<Integer> locksAtBoundaries() {
        TreeSet<Integer> forms = new TreeSet<>();
        for (Boundary b : downcalls) {
            for (int f = 0; f < counted.length; f++) {
            if (!counted[f]) {
                continue;
            }
                if (b.seen.heldOnEntry(f) > 0) {
                    forms.add(f);
                }
            }
            if (b.heldMonitor >= 0 && b.heldMonitor < counted.length && counted[b.heldMonitor]) {
                forms.add(b.heldMonitor);
            }
        }
        for (Boundary b : upcalls) {
            for (int f = 0; f < counted.length; f++) {
                if (!counted[f]) {
                    continue;
                }
                if (b.seen.heldOnEntry(f) > 0 || b.seen.takenInside(f) > 0) {
                    forms.add(f);
                }
            }
        }
        return new ArrayList<>(forms);
    }

    /** The downcall lines; a class whose every method called gets {@code audit} alone is one {@code C#*} line. */
    List<String> downcalls(LearnedRules.LockNames names) {
        Map<String, List<Boundary>> byClass = new LinkedHashMap<>();
        for (Boundary b : downcalls) {
            int hash = b.named.indexOf('#');
            byClass.computeIfAbsent(hash < 0 || b.named.startsWith("native:") ? b.named : b.named.substring(0, hash),
                    k -> new ArrayList<>()).add(b);
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, List<Boundary>> e : byClass.entrySet()) {
            List<Boundary> group = e.getValue();
            if (group.size() > 1 && group.stream().allMatch(b -> b.seen.keptCount() == 0 && downcallPolicies(b, names).isEmpty())) {
                long calls = group.stream().mapToLong(b -> b.seen.calls()).sum();
                long max = group.stream().mapToLong(b -> b.seen.maxNanos()).max().orElse(0);
                lines.add("");
                lines.add("# " + group.size() + " native methods called, " + calls + " calls in all, the longest "
                        + millis(max) + "; no lock gilguard follows held at any:");
                for (Boundary b : group) {
                    lines.add("#   " + b.named.substring(b.named.indexOf('#') + 1) + ": " + counts(b.seen));
                }
                lines.add("downcall " + e.getKey() + "#*  audit");
                continue;
            }
            for (Boundary b : group) {
                lines.add("");
                lines.add("# " + counts(b.seen) + sites(b.seen));
                long kept = b.seen.keptCount();
                if (kept == b.seen.calls()) {
                    String c = b.named.substring(0, b.named.indexOf('#'));
                    lines.add("# every call returned keeping a lock or JNI monitor it took (each a LEAKED_AT_RETURN in this run).");
                    lines.add("# Unsure: a method that takes a lock by design (then name the pair as a lock:");
                    lines.add("#   lock NAME = pair " + b.named + "(*) / " + c + "#RELEASING_METHOD(*) ), or a leak (then uncomment):");
                    lines.add("# downcall " + b.named + "  audit");
                    continue;
                }
                if (kept > 0) {
                    lines.add("# returned keeping a lock or JNI monitor it took at " + kept + " of " + b.seen.calls()
                            + " calls: a leak (LEAKED_AT_RETURN)");
                }
                List<String> policies = downcallPolicies(b, names);
                if (policies.isEmpty()) {
                    lines.add("# no lock gilguard follows was held at any call");
                    lines.add("downcall " + b.named + "  audit");
                }
                for (String p : policies) {
                    int hash = p.indexOf('\n');
                    lines.add(p.substring(0, hash));
                    lines.add("downcall " + b.named + "  " + p.substring(hash + 1));
                }
            }
        }
        return lines;
    }

    /** Per lock that matters at this downcall, "# why\npolicy lock". */
    private List<String> downcallPolicies(Boundary b, LearnedRules.LockNames names) {
        List<String> out = new ArrayList<>();
        long calls = b.seen.calls();
        boolean longCalls = b.seen.maxNanos() >= longNanos;
        for (int f = 0; f < counted.length; f++) {
            if (!counted[f]) {
                continue;
            }
            long held = f == b.heldMonitor ? calls : b.seen.heldOnEntry(f);
            String lock = names.of(f);
            if (held == calls && held > 0) {
                if (f == b.heldMonitor) {
                    out.add("# a synchronized native method: every call holds " + lock + "\n" + "audit " + lock);
                } else if (longCalls) {
                    out.add("# " + lock + " held at every call, the longest " + millis(b.seen.maxNanos())
                            + ": other threads wait for it meanwhile. Unsure: `release " + lock
                            + "` lets it go around the call, `require " + lock + "` keeps it\n" + "audit " + lock);
                } else {
                    out.add("# " + lock + " held at every call\n" + "require " + lock);
                }
            } else if (held > 0) {
                out.add("# " + lock + " held at " + held + " of " + calls + " calls. Unsure: audit only\n" + "audit " + lock);
            } else if (longCalls && isAtBoundaries(f)) {
                out.add("# " + lock + " never held here, and calls are long (the longest " + millis(b.seen.maxNanos())
                        + "): forbid keeps it so\n" + "forbid " + lock);
            }
        }
        return out;
    }

    private boolean isAtBoundaries(int form) {
        return locksAtBoundaries().contains(form);
    }

    List<String> upcalls(LearnedRules.LockNames names) {
        List<String> lines = new ArrayList<>();
        for (Boundary b : upcalls) {
            Seen s = b.seen;
            long calls = s.calls();
            lines.add("");
            lines.add("# " + counts(s) + ", " + arrivals(b));
            boolean any = false;
            for (int f = 0; f < counted.length; f++) {
                if (!counted[f]) {
                    continue;
                }
                long held = s.heldOnEntry(f);
                long taken = s.takenInside(f);
                String lock = names.of(f);
                String why;
                String policy;
                if (held == calls && held > 0) {
                    why = "arrived holding " + lock + " every time";
                    policy = "require " + lock;
                } else if (held > 0) {
                    why = "arrived holding " + lock + " at " + held + " of " + calls + " calls. Unsure: audit only";
                    policy = "audit " + lock;
                } else if (taken > 0) {
                    why = "never arrived holding " + lock + "; took it itself in " + taken + " of " + calls
                            + " calls. Unsure: `acquire " + lock + "` has gilguard take it around every call";
                    policy = "audit " + lock;
                } else {
                    continue;
                }
                any = true;
                lines.add("# " + why);
                lines.add("upcall " + b.named + "  " + policy);
            }
            if (!any) {
                lines.add("# held no lock gilguard follows on arrival and took none. Unsure: if it touches what a lock");
                lines.add("# guards, `acquire LOCK` (or `require LOCK` where its caller must hold it)");
                lines.add("upcall " + b.named + "  audit");
            }
        }
        return lines;
    }

    private static String arrivals(Boundary b) {
        long fromNative = b.seen.fromNativeThreads();
        long calls = b.seen.calls();
        if (fromNative == calls) {
            return "all on native threads";
        }
        String inside = "inside " + (b.arrivedIn == null ? "a downcall" : b.arrivedIn);
        return fromNative == 0 ? "all from Java threads " + inside : fromNative + " on native threads, the rest " + inside;
    }

    private static String counts(Seen s) {
        List<String> names = s.threadNames();
        long threads = s.threadCount();
        String who = threads == 1 ? "thread " + names.get(0)
                : (threads >= 64 ? "64+" : Long.toString(threads)) + " threads (" + String.join(", ", names)
                        + (threads > names.size() ? ", ..." : "") + ")";
        return s.calls() + (s.calls() == 1 ? " call" : " calls") + " on " + who + ", the longest " + millis(s.maxNanos());
    }

    private static String sites(Seen s) {
        List<String> sites = s.sites();
        return sites.isEmpty() ? "" : ", from " + String.join(", ", sites);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
