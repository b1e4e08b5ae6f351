package io.gilguard.report;

import io.gilguard.runtime.Sites;
import io.gilguard.runtime.Violation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code junit=FILE}: the run as one test suite in Surefire's XML ({@code surefire-test-report.xsd}
 * 3.0.2), which Jenkins' JUnit plugin, GitLab and most CI servers read. Each distinct violation is
 * a failing test, so that CI names it, counts it and tracks it from build to build: the test's
 * class is the class of the violating site (of the acquisition site when there is none;
 * {@code gilguard} when neither is known), its name {@code KIND lock=NAME at METHOD:LINE}, stable
 * across runs. A suppressed violation is a skipped test whose message gives the reason; a finding
 * (advice, which never fails a build) a passing test whose output is its line. A run with no
 * violation has one passing test, class {@code gilguard}, name {@code no violations}, so that CI
 * shows the check ran. A violation a test already failed for is still a failing test here (this
 * file is the run's, not the test's): its output names that test.
 */
final class JunitReport {
    static final String SCHEMA = "https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report.xsd";
    static final String SCHEMA_VERSION = "3.0.2";

    private JunitReport() {}

    static void write(Path file, String version, String rules, long startMillis) throws IOException {
        ReportFile.write(file, text(Tally.now(), version, rules, startMillis, System.currentTimeMillis()));
    }

    static String text(Tally tally, String version, String rules, long startMillis, long endMillis) {
        StringBuilder cases = new StringBuilder();
        Names names = new Names();
        int tests = 0;
        for (Violation v : tally.violations) {
            tests++;
            testcase(cases, names, v);
            String line = ConsoleSink.line(v);
            cases.append("    <failure message=\"").append(Xml.attribute(line)).append("\" type=\"").append(v.kind())
                    .append("\">").append(Xml.text(line + ConsoleSink.frames(v.stack()))).append("</failure>\n");
            systemOut(cases, v);
            cases.append("  </testcase>\n");
        }
        for (Violation v : tally.suppressed) {
            tests++;
            testcase(cases, names, v);
            cases.append("    <skipped message=\"").append(Xml.attribute("suppressed: " + v.suppressedBy())).append("\"/>\n");
            systemOut(cases, v);
            cases.append("  </testcase>\n");
        }
        for (Violation v : tally.findings) {
            tests++;
            testcase(cases, names, v);
            systemOut(cases, v);
            cases.append("  </testcase>\n");
        }
        if (tally.violations.isEmpty()) {
            tests++;
            cases.append("  <testcase name=\"no violations\" classname=\"gilguard\" time=\"0\"/>\n");
        }
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<testsuite xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"")
                .append(SCHEMA).append("\" version=\"").append(SCHEMA_VERSION).append("\" name=\"gilguard\" time=\"")
                .append(seconds(endMillis - startMillis)).append("\" timestamp=\"")
                .append(Instant.ofEpochMilli(startMillis).truncatedTo(ChronoUnit.SECONDS)).append("\" tests=\"").append(tests)
                .append("\" errors=\"0\" skipped=\"").append(tally.suppressed.size()).append("\" failures=\"")
                .append(tally.violations.size()).append("\">\n");
        b.append("  <properties>\n");
        property(b, "gilguard.version", version);
        property(b, "gilguard.rules", rules == null ? "" : rules);
        property(b, "gilguard.pid", Long.toString(ProcessHandle.current().pid()));
        property(b, "java.version", System.getProperty("java.version", ""));
        property(b, "java.vm.name", System.getProperty("java.vm.name", ""));
        b.append("  </properties>\n");
        return b.append(cases).append("</testsuite>\n").toString();
    }

    private static void testcase(StringBuilder b, Names names, Violation v) {
        int place = Place.of(v);
        String classname = place > 0 ? Sites.className(place) : "gilguard";
        b.append("  <testcase name=\"").append(Xml.attribute(names.unique(classname, name(v))))
                .append("\" classname=\"").append(Xml.attribute(classname)).append("\" time=\"0\">\n");
    }

    /** {@code KIND lock=NAME at METHOD:LINE}: the class is the test's class already. */
    static String name(Violation v) {
        StringBuilder b = new StringBuilder(v.kind().name());
        if (v.lock() != null) {
            b.append(v.isState() ? " state=" : " lock=").append(v.lock());
        }
        int place = Place.of(v);
        if (place > 0) {
            b.append(' ').append(Place.word(v)).append(' ').append(Sites.method(place));
            if (Sites.line(place) >= 0) {
                b.append(':').append(Sites.line(place));
            }
        }
        if (v.symbol() != null) {
            b.append(" native=").append(v.symbol());
        }
        return b.toString();
    }

    /** What the line does not say: how often, since when, and the test that failed for it. */
    private static void systemOut(StringBuilder b, Violation v) {
        String out = "count=" + v.count() + " firstSeen=" + Instant.ofEpochMilli(v.firstSeenMillis());
        if (v.kind().isFinding()) {
            out = ConsoleSink.line(v) + ConsoleSink.frames(v.stack()) + "\n" + out;
        }
        if (v.test() != null) {
            out += " test=" + v.test();
        }
        b.append("    <system-out>").append(Xml.text(out)).append("</system-out>\n");
    }

    private static void property(StringBuilder b, String name, String value) {
        b.append("    <property name=\"").append(name).append("\" value=\"").append(Xml.attribute(value)).append("\"/>\n");
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", Math.max(0, millis) / 1000.0);
    }

    /**
     * Test names unique within their class: two distinct violations at one site (the same lock
     * taken at two places, say) would otherwise be one test to CI; the second is {@code NAME (2)}.
     */
    private static final class Names {
        private final Map<String, Integer> seen = new HashMap<>();

        String unique(String classname, String name) {
            int n = seen.merge(classname + '\n' + name, 1, Integer::sum);
            return n == 1 ? name : name + " (" + n + ")";
        }
    }
}
