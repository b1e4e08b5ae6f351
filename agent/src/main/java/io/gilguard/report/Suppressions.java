package io.gilguard.report;

import io.gilguard.rules.Glob;
import io.gilguard.runtime.Kind;
import io.gilguard.runtime.Sites;
import io.gilguard.runtime.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code suppressions=FILE}: violations known and accepted, one entry a line, as a sanitizer's
 * suppression file:
 * <pre>
 * suppress kind=LEAKED_AT_RETURN lock=gil site=com.example.Legacy.* reason="fixed in 2.0"
 * </pre>
 * {@code kind}, {@code lock}, {@code site} and {@code acquired} may each be left out (anything
 * matches); {@code reason} may not. {@code lock}, {@code site} and {@code acquired} are globs
 * ({@code *}: any run of characters). {@code site} matches the violating site or any frame of the
 * violation's stack, written {@code CLASS.METHOD(FILE:LINE)}; {@code acquired} the site where the
 * lock was taken. The first entry that matches gives the reason. A suppressed violation is still
 * counted, said and listed apart; it fails nothing.
 */
public final class Suppressions implements Function<Violation, String> {
    private static final String KEYS = "kind, lock, site, acquired, reason";
    private final List<Entry> entries;

    private Suppressions(List<Entry> entries) {
        this.entries = entries;
    }

    public static Suppressions none() {
        return new Suppressions(List.of());
    }

    /** Throws with {@code FILE:LINE:COLUMN: what} for the first entry that cannot be used. */
    public static Suppressions read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("gilguard: cannot read suppressions=" + file + " (" + e.getMessage() + ")");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            entries.add(Entry.parse(file, i + 1, line));
        }
        return new Suppressions(entries);
    }

    /** The reason of the first entry that matches {@code v}, null if none does. */
    /** {@link #reason}: what {@code Violations.suppressions} asks. */
    @Override
    public String apply(Violation v) {
        return reason(v);
    }

    public String reason(Violation v) {
        for (Entry e : entries) {
            if (e.matches(v)) {
                return e.reason;
            }
        }
        return null;
    }

    /** {@code baseline=FILE}: each violation of the run as an entry, written at exit. */
    static void writeBaseline(Path file, List<Violation> violations) throws IOException {
        StringBuilder b = new StringBuilder("# gilguard baseline of ").append(LocalDate.now())
                .append(": the violations of one run, accepted; use with suppressions=").append(file.getFileName()).append('\n');
        for (Violation v : violations) {
            b.append("suppress kind=").append(v.kind());
            if (v.lock() != null) {
                b.append(" lock=").append(quoted(v.lock()));
            }
            if (v.site() > 0) {
                b.append(" site=").append(quoted(Sites.format(v.site())));
            }
            if (v.acquiredAt() > 0) {
                b.append(" acquired=").append(quoted(Sites.format(v.acquiredAt())));
            }
            b.append(" reason=\"baseline ").append(LocalDate.now()).append("\"\n");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }

    private static String quoted(String value) {
        return value.indexOf(' ') < 0 && value.indexOf('"') < 0 ? value : '"' + value.replace("\"", "") + '"';
    }

    private static final class Entry {
        Kind kind;
        Glob lock;
        Glob site;
        Glob acquired;
        String reason;

        /** {@code suppress key=value ...}; a value with spaces in double quotes. */
        static Entry parse(Path file, int number, String line) {
            Entry e = new Entry();
            int i = skipSpace(line, 0);
            if (!line.startsWith("suppress", i) || (i + 8 < line.length() && line.charAt(i + 8) != ' ' && line.charAt(i + 8) != '\t')) {
                throw error(file, number, i, "expected 'suppress key=value ...' (keys: " + KEYS + ")");
            }
            i = skipSpace(line, i + 8);
            while (i < line.length()) {
                if (line.charAt(i) == '#') {
                    break;
                }
                int eq = line.indexOf('=', i);
                int space = end(line, i);
                if (eq < 0 || eq > space) {
                    throw error(file, number, i, "expected key=value (keys: " + KEYS + ")");
                }
                String key = line.substring(i, eq);
                int from = eq + 1;
                String value;
                int next;
                if (from < line.length() && line.charAt(from) == '"') {
                    int close = line.indexOf('"', from + 1);
                    if (close < 0) {
                        throw error(file, number, from, "unclosed quote");
                    }
                    value = line.substring(from + 1, close);
                    next = close + 1;
                } else {
                    next = end(line, from);
                    value = line.substring(from, next);
                }
                if (value.isEmpty()) {
                    throw error(file, number, from, "empty value of " + key);
                }
                e.set(file, number, i, key, value);
                i = skipSpace(line, next);
            }
            if (e.reason == null) {
                throw error(file, number, line.length(), "no reason=\"...\": say why it is accepted");
            }
            return e;
        }

        void set(Path file, int number, int column, String key, String value) {
            switch (key) {
                case "kind":
                    try {
                        kind = Kind.valueOf(value);
                    } catch (IllegalArgumentException bad) {
                        throw error(file, number, column, "unknown kind '" + value + "'");
                    }
                    break;
                case "lock": lock = new Glob(value); break;
                case "site": site = new Glob(value); break;
                case "acquired": acquired = new Glob(value); break;
                case "reason": reason = value; break;
                default: throw error(file, number, column, "unknown key '" + key + "' (keys: " + KEYS + ")");
            }
        }

        boolean matches(Violation v) {
            if (kind != null && v.kind() != kind) {
                return false;
            }
            if (lock != null && !lock.matches(v.lock() == null ? "" : v.lock())) {
                return false;
            }
            if (acquired != null && (v.acquiredAt() <= 0 || !acquired.matches(Sites.format(v.acquiredAt())))) {
                return false;
            }
            return site == null || siteMatches(v);
        }

        private boolean siteMatches(Violation v) {
            if (v.site() > 0 && site.matches(Sites.format(v.site()))) {
                return true;
            }
            for (StackTraceElement frame : v.stack()) {
                if (site.matches(frame.toString())) {
                    return true;
                }
            }
            return false;
        }

        private static int skipSpace(String s, int i) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            return i;
        }

        private static int end(String s, int i) {
            while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            return i;
        }

        private static IllegalArgumentException error(Path file, int line, int column, String what) {
            return new IllegalArgumentException(file + ":" + line + ":" + (column + 1) + ": " + what);
        }
    }
}
