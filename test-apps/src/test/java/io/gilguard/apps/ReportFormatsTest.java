package io.gilguard.apps;

import static io.gilguard.apps.Harness.MODULE;
import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.Harness.Run;
import io.gilguard.runtime.Kind;
import io.gilguard.testsupport.Jdk;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The CI files, {@code junit=} (Surefire's XML) and {@code sarif=} (SARIF 2.1.0), of real apps
 * under the agent: each checked against its published schema, and every field the tests can
 * know checked exactly. The {@code pair} app breaks a method-pair lock three ways (one of them
 * suppressed); its fixed twin is silent; the {@code formats} app's thread has a name that every
 * writer must escape.
 */
class ReportFormatsTest {
    static final String SUPPRESSED_BECAUSE = "known <legacy> & release";
    static final Path MAIN_SOURCES = MODULE.resolve("src/main/java");
    /** A root that exists but lacks the apps' files: the second root is the one that has them. */
    static final Path FIRST_ROOT = MODULE.resolve("src/test/java");
    static final Site ODD_UNLOCK = Site.marked("formats", "Main", "release", "formats-unlock");
    static final String ODD_THREAD = "odd <&\"']]>\t\u0001\u00e9\uD83D\uDE00 worker";

    /** The files of one run. */
    private static final class Files3 {
        final Run run;
        final Path xml;
        final Path sarif;

        Files3(Run run, Path xml, Path sarif) {
            this.run = run;
            this.xml = xml;
            this.sarif = sarif;
        }
    }

    private static Files3 run(Jdk jdk, String scenario, String rules, String options, String... args) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(MODULE.resolve("target/formats")), scenario + "-jdk" + jdk.feature() + "-");
        Path suppressions = Files.writeString(dir.resolve("gilguard.suppressions"),
                "# accepted for this test (the pair app's lock only)\nsuppress kind=UNPAIRED_RELEASE lock=pystate reason=\"" + SUPPRESSED_BECAUSE + "\"\n");
        Path xml = dir.resolve("gilguard.xml");
        Path sarif = dir.resolve("gilguard.sarif");
        Run run = Harness.run(jdk, scenario, rules(rules) + ",junit=" + xml + ",sarif=" + sarif + ",sourceRoots=" + FIRST_ROOT
                + ":" + MAIN_SOURCES + ",suppressions=" + suppressions + options, true, args);
        Harness.assertClean(run);
        return new Files3(run, xml, sarif);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void brokenPairInEveryFormat(Jdk jdk) throws Exception {
        Files3 f = run(jdk, "pair", "pair-broken", ",stacks=8");
        String foreignLine = "gilguard: FOREIGN_RELEASE lock=pystate thread=\"worker-b\" owner=\"worker-a\" at "
                + PairTest.FOREIGN_RELEASE + " acquired at " + PairTest.FOREIGN_ACQUIRE;
        String heldLine = "gilguard: HELD_AT_THREAD_EXIT lock=pystate thread=\"worker-a\" acquired at "
                + PairTest.FOREIGN_ACQUIRE + " hold count 1";
        String unpairedLine = "gilguard: UNPAIRED_RELEASE lock=pystate thread=\"main\" at " + PairTest.UNPAIRED;
        assertTrue(f.run.stderrLines().contains(foreignLine), foreignLine + "\n" + f.run);

        // JUnit XML: two failing tests, one skipped, named by kind, lock and site
        Document d = junit(f);
        Element suite = d.getDocumentElement();
        assertEquals(List.of("gilguard", "3", "2", "1", "0"), List.of(suite.getAttribute("name"), suite.getAttribute("tests"),
                suite.getAttribute("failures"), suite.getAttribute("skipped"), suite.getAttribute("errors")));
        Map<String, Element> cases = cases(d);
        assertEquals(List.of("FOREIGN_RELEASE lock=pystate at workerB:" + PairTest.FOREIGN_RELEASE.line,
                "HELD_AT_THREAD_EXIT lock=pystate acquired at workerA:" + PairTest.FOREIGN_ACQUIRE.line,
                "UNPAIRED_RELEASE lock=pystate at unpairedRelease:" + PairTest.UNPAIRED.line),
                cases.keySet().stream().sorted().collect(Collectors.toList()));
        for (Element c : cases.values()) {
            assertEquals("io.gilguard.apps.pair.Main", c.getAttribute("classname"));
        }
        Element foreign = only(cases.get("FOREIGN_RELEASE lock=pystate at workerB:" + PairTest.FOREIGN_RELEASE.line), "failure");
        assertEquals(foreignLine, foreign.getAttribute("message"));
        assertEquals("FOREIGN_RELEASE", foreign.getAttribute("type"));
        // the body: the line, then the first occurrence's stack, as Java prints a throwable's
        String body = foreign.getTextContent();
        assertTrue(body.startsWith(foreignLine + "\n\tat io.gilguard.apps.pair.Py.release(Py.java:"), body);
        assertTrue(body.contains("\n\tat " + PairTest.FOREIGN_RELEASE + "\n"), body);
        Element held = only(cases.get("HELD_AT_THREAD_EXIT lock=pystate acquired at workerA:" + PairTest.FOREIGN_ACQUIRE.line), "failure");
        assertEquals(heldLine, held.getAttribute("message"));
        Element skipped = only(cases.get("UNPAIRED_RELEASE lock=pystate at unpairedRelease:" + PairTest.UNPAIRED.line), "skipped");
        assertEquals("suppressed: " + SUPPRESSED_BECAUSE, skipped.getAttribute("message"));

        // SARIF: a result per violation, its location in the source file found under the second root
        Map<String, Object> run = sarif(f);
        List<Map<String, Object>> results = list(run.get("results"));
        assertEquals(3, results.size());
        Map<String, Object> r = result(results, "FOREIGN_RELEASE");
        assertEquals("error", r.get("level"));
        assertEquals(foreignLine, map(r.get("message")).get("text"));
        assertEquals(1L, r.get("occurrenceCount"));
        assertEquals(List.of(), r.get("suppressions"));
        Map<String, Object> properties = map(r.get("properties"));
        assertEquals(List.of("pystate", "worker-b", "worker-a", 1L), List.of(properties.get("lock"), properties.get("thread"),
                properties.get("owner"), properties.get("count")));
        Map<String, Object> location = map(list(r.get("locations")).get(0));
        assertSource(run, location, PairTest.FOREIGN_RELEASE);
        Map<String, Object> acquired = map(list(r.get("relatedLocations")).get(0));
        assertSource(run, acquired, PairTest.FOREIGN_ACQUIRE);
        assertEquals("acquired at", map(acquired.get("message")).get("text"));
        // the stack: each frame's location, the app's resolved to their files
        List<Map<String, Object>> frames = list(map(list(r.get("stacks")).get(0)).get("frames"));
        assertTrue(frames.size() >= 2, frames.toString());
        assertSource(run, map(map(frames.get(1)).get("location")), PairTest.FOREIGN_RELEASE);

        Map<String, Object> h = result(results, "HELD_AT_THREAD_EXIT");
        assertEquals(heldLine, map(h.get("message")).get("text"));
        assertSource(run, map(list(h.get("locations")).get(0)), PairTest.FOREIGN_ACQUIRE);
        assertNull(h.get("relatedLocations"));
        Map<String, Object> u = result(results, "UNPAIRED_RELEASE");
        assertEquals(unpairedLine, map(u.get("message")).get("text"));
        assertEquals(List.of(Map.of("kind", "external", "justification", SUPPRESSED_BECAUSE)), u.get("suppressions"));

        // one rule per kind, with its help; violations are errors, findings notes
        Map<String, Object> driver = map(map(run.get("tool")).get("driver"));
        assertEquals("gilguard", driver.get("name"));
        List<Map<String, Object>> rules = list(driver.get("rules"));
        assertEquals(Stream.of(Kind.values()).map(Kind::name).collect(Collectors.toList()),
                rules.stream().map(x -> x.get("id")).collect(Collectors.toList()));
        for (int i = 0; i < rules.size(); i++) {
            Kind k = Kind.values()[i];
            assertFalse(((String) map(rules.get(i).get("help")).get("text")).isBlank(), k.name());
            assertEquals(k.isFinding() ? "note" : "error", map(rules.get(i).get("defaultConfiguration")).get("level"), k.name());
        }
        assertEquals((long) Kind.FOREIGN_RELEASE.ordinal(), r.get("ruleIndex"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void stacksZeroTakesNoFrames(Jdk jdk) throws Exception {
        Files3 f = run(jdk, "pair", "pair-broken", ",stacks=0");
        Map<String, Element> cases = cases(junit(f));
        assertEquals(3, cases.size());
        for (Element c : cases.values()) {
            NodeList failures = c.getElementsByTagName("failure");
            for (int i = 0; i < failures.getLength(); i++) {
                assertEquals(((Element) failures.item(i)).getAttribute("message"), failures.item(i).getTextContent());
            }
        }
        List<Map<String, Object>> results = list(sarif(f).get("results"));
        assertEquals(3, results.size());
        for (Map<String, Object> r : results) {
            assertFalse(r.containsKey("stacks"), r.toString());
        }
    }

    /** The fixed twin passes: one passing test, no SARIF result; %p gives each JVM its own files. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void fixedTwinPassesEachRunInItsOwnFiles(Jdk jdk) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(MODULE.resolve("target/formats")), "fixed-jdk" + jdk.feature() + "-");
        String options = rules("pair-fixed") + ",failOn=violation,junit=" + dir.resolve("gilguard-%p.xml") + ",sarif="
                + dir.resolve("gilguard-%p.sarif") + ",sourceRoots=" + MAIN_SOURCES;
        Run first = Harness.run(jdk, "pair", options, true, "fixed");
        Run second = Harness.run(jdk, "pair", options, true, "fixed");
        Harness.assertSilent(first);
        Harness.assertSilent(second);
        List<Path> xmls;
        try (Stream<Path> files = Files.list(dir)) {
            xmls = files.filter(p -> p.toString().endsWith(".xml")).sorted().collect(Collectors.toList());
        }
        assertEquals(2, xmls.size(), xmls.toString());
        List<String> pids = new ArrayList<>();
        for (Path xml : xmls) {
            String pid = xml.getFileName().toString().replaceAll("gilguard-(\\d+)\\.xml", "$1");
            pids.add(pid);
            Files3 f = new Files3(first, xml, dir.resolve("gilguard-" + pid + ".sarif"));
            Document d = junit(f);
            assertEquals(List.of("1", "0", "0"), List.of(d.getDocumentElement().getAttribute("tests"),
                    d.getDocumentElement().getAttribute("failures"), d.getDocumentElement().getAttribute("skipped")));
            Element passing = cases(d).get("no violations");
            assertEquals("gilguard", passing.getAttribute("classname"));
            assertEquals(0, passing.getChildNodes().getLength());
            assertEquals(pid, property(d, "gilguard.pid"));
            assertEquals(List.of(), sarif(f).get("results"));
        }
        assertNotEquals(pids.get(0), pids.get(1));

        // the schemas are not lenient: a test without its time, a SARIF log of another version, are refused
        String xml = Files.readString(xmls.get(0)).replace(" time=\"0\"", "");
        assertFalse(Schemas.junitErrors(xml).isEmpty(), xml);
        String sarif = Files.readString(dir.resolve("gilguard-" + pids.get(0) + ".sarif")).replace("\"version\": \"2.1.0\"",
                "\"version\": \"2.2.0\"");
        assertFalse(Schemas.sarifErrors(sarif).isEmpty(), sarif);
    }

    /** A thread name with markup, quotes, ]]>, a tab, a control character and non-ASCII: both files still valid, the name exact. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void anOddThreadNameIsEscaped(Jdk jdk) throws Exception {
        Files3 f = run(jdk, "formats", "formats", "");
        String line = "gilguard: UNPAIRED_RELEASE lock=gil thread=\"" + ODD_THREAD + "\" at " + ODD_UNLOCK;
        Document d = junit(f);
        Element failure = only(cases(d).get("UNPAIRED_RELEASE lock=gil at release:" + ODD_UNLOCK.line), "failure");
        // XML 1.0 cannot carry U+0001 at all: it is written as the six characters \u0001
        assertEquals(line.replace("\u0001", "\\u0001"), failure.getAttribute("message"));
        Map<String, Object> r = list(sarif(f).get("results")).get(0);
        assertEquals(ODD_THREAD, map(r.get("properties")).get("thread"));
        assertEquals(line, map(r.get("message")).get("text"));
    }

    /**
     * A finding (advice) fails nothing: a passing test whose output is its line, beside the test
     * that says no violation was seen; in SARIF a note, at the native method, which has no line.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aFindingPassesAndIsANote(Jdk jdk) throws Exception {
        Files3 f = run(jdk, "longcall", "longcall-audit", ",failOn=violation");
        assertEquals(0, f.run.exit, f.run.toString());
        String prefix = "gilguard: LONG_HOLD_ACROSS_NATIVE lock=gil thread=\"main\" at " + LongcallTest.COMPUTE + " acquired at "
                + LongcallTest.ACQUIRE + " held ";
        Document d = junit(f);
        assertEquals(List.of("2", "0", "0"), List.of(d.getDocumentElement().getAttribute("tests"),
                d.getDocumentElement().getAttribute("failures"), d.getDocumentElement().getAttribute("skipped")));
        Map<String, Element> cases = cases(d);
        Element finding = cases.get("LONG_HOLD_ACROSS_NATIVE lock=gil at compute");
        assertEquals("io.gilguard.apps.longcall.NativeLib", finding.getAttribute("classname"));
        assertEquals(0, finding.getElementsByTagName("failure").getLength());
        assertTrue(only(finding, "system-out").getTextContent().startsWith(prefix), only(finding, "system-out").getTextContent());
        assertTrue(cases.containsKey("no violations"), cases.keySet().toString());

        Map<String, Object> r = list(sarif(f).get("results")).get(0);
        assertEquals("LONG_HOLD_ACROSS_NATIVE", r.get("ruleId"));
        assertEquals("note", r.get("level"));
        assertTrue(((String) map(r.get("message")).get("text")).startsWith(prefix), r.toString());
        Map<String, Object> physical = map(map(list(r.get("locations")).get(0)).get("physicalLocation"));
        assertEquals("io/gilguard/apps/longcall/NativeLib.java", map(physical.get("artifactLocation")).get("uri"));
        assertFalse(physical.containsKey("region"), physical.toString());
        assertTrue((Long) map(r.get("properties")).get("maxMillis") >= 100, r.toString());
    }

    // ---- reading the files ----

    private static Document junit(Files3 f) throws Exception {
        assertTrue(Files.isRegularFile(f.xml), "no junit file " + f.xml + "\n" + f.run);
        String xml = Files.readString(f.xml);
        assertEquals(List.of(), Schemas.junitErrors(xml), f.xml + "\n" + xml);
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** The one run of the SARIF file, after the file is checked against the schema. */
    private static Map<String, Object> sarif(Files3 f) throws Exception {
        assertTrue(Files.isRegularFile(f.sarif), "no sarif file " + f.sarif + "\n" + f.run);
        String text = Files.readString(f.sarif);
        assertEquals(List.of(), Schemas.sarifErrors(text), f.sarif + "\n" + text);
        Map<String, Object> log = map(Json.parse(text));
        assertEquals("2.1.0", log.get("version"));
        List<Map<String, Object>> runs = list(log.get("runs"));
        assertEquals(1, runs.size());
        return runs.get(0);
    }

    /** The location names the site's line in its source file, which exists under the root its base id names. */
    private static void assertSource(Map<String, Object> run, Map<String, Object> location, Site site) {
        Map<String, Object> physical = map(location.get("physicalLocation"));
        Map<String, Object> artifact = map(physical.get("artifactLocation"));
        String path = site.className.substring(0, site.className.lastIndexOf('.')).replace('.', '/') + "/" + site.file;
        assertEquals(path, artifact.get("uri"), location.toString());
        assertEquals("SRCROOT2", artifact.get("uriBaseId"), location.toString());
        assertEquals(site.line, map(physical.get("region")).get("startLine"), location.toString());
        String base = (String) map(map(run.get("originalUriBaseIds")).get("SRCROOT2")).get("uri");
        Path file = Path.of(URI.create(base).resolve((String) artifact.get("uri")));
        assertEquals(MAIN_SOURCES.resolve(path), file);
        assertTrue(Files.isRegularFile(file), file.toString());
        assertEquals(FIRST_ROOT.toUri().toString(), map(map(run.get("originalUriBaseIds")).get("SRCROOT")).get("uri"));
    }

    private static Map<String, Element> cases(Document d) {
        Map<String, Element> cases = new LinkedHashMap<>();
        NodeList list = d.getElementsByTagName("testcase");
        for (int i = 0; i < list.getLength(); i++) {
            Element e = (Element) list.item(i);
            assertNull(cases.put(e.getAttribute("name"), e), "two tests named " + e.getAttribute("name"));
        }
        return cases;
    }

    private static Element only(Element testcase, String tag) {
        assertTrue(testcase != null, "no such test");
        NodeList list = testcase.getElementsByTagName(tag);
        assertEquals(1, list.getLength(), tag + " in " + testcase.getAttribute("name"));
        return (Element) list.item(0);
    }

    private static String property(Document d, String name) {
        NodeList list = d.getElementsByTagName("property");
        for (int i = 0; i < list.getLength(); i++) {
            Element p = (Element) list.item(i);
            if (p.getAttribute("name").equals(name)) {
                return p.getAttribute("value");
            }
        }
        return null;
    }

    private static Map<String, Object> result(List<Map<String, Object>> results, String ruleId) {
        List<Map<String, Object>> found = results.stream().filter(r -> ruleId.equals(r.get("ruleId"))).collect(Collectors.toList());
        assertEquals(1, found.size(), ruleId + " in " + results);
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertTrue(o instanceof Map, String.valueOf(o));
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        assertTrue(o instanceof List, String.valueOf(o));
        return (List<Map<String, Object>>) o;
    }
}
