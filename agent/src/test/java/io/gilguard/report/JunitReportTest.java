package io.gilguard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.runtime.Kind;
import io.gilguard.runtime.MadeViolations;
import io.gilguard.runtime.Sites;
import io.gilguard.runtime.Violation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The JUnit XML of real violations, read back by an XML parser. (ReportFormatsTest checks it against Surefire's XSD.) */
class JunitReportTest {
    static final int RELEASE = Sites.register("com.example.Engine", "stop", "Engine.java", 41);
    static final int ACQUIRE = Sites.register("com.example.Engine", "start", "Engine.java", 12);
    static final int OTHER_ACQUIRE = Sites.register("com.example.Boot", "main", "Boot.java", 7);

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> cases(Document d) {
        NodeList list = d.getElementsByTagName("testcase");
        java.util.ArrayList<Element> cases = new java.util.ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            cases.add((Element) list.item(i));
        }
        return cases;
    }

    private static String text(Tally t) {
        return JunitReport.text(t, "9.9", "gil.rules", 1_000, 3_500);
    }

    @Test
    void aThreadNameWithEveryOddCharacterParsesBackExactly() throws Exception {
        String thread = "w <&\"']]>\t\u00e9";
        Violation v = MadeViolations.of(Kind.FOREIGN_RELEASE, "gil", thread, RELEASE, ACQUIRE, 3, null);
        Document d = parse(text(Tally.of(List.of(v))));
        Element failure = (Element) cases(d).get(0).getElementsByTagName("failure").item(0);
        assertEquals(ConsoleSink.line(v), failure.getAttribute("message"));
        assertTrue(ConsoleSink.line(v).contains("thread=\"" + thread + "\""), ConsoleSink.line(v));
        assertEquals(ConsoleSink.line(v), failure.getTextContent());
        assertEquals("FOREIGN_RELEASE", failure.getAttribute("type"));
    }

    @Test
    void aControlCharacterInAThreadNameIsWrittenAsAnEscape() throws Exception {
        Violation v = MadeViolations.of(Kind.UNPAIRED_RELEASE, "gil", "bell\u0007", RELEASE, 0, 1, null);
        Element failure = (Element) parse(text(Tally.of(List.of(v)))).getElementsByTagName("failure").item(0);
        assertEquals(ConsoleSink.line(v).replace("\u0007", "\\u0007"), failure.getAttribute("message"));
    }

    @Test
    void eachDistinctViolationIsATestNamedByKindLockAndSite() throws Exception {
        Violation foreign = MadeViolations.of(Kind.FOREIGN_RELEASE, "gil", "b", RELEASE, ACQUIRE, 1, null);
        Violation held = MadeViolations.of(Kind.HELD_AT_THREAD_EXIT, "gil", "a", 0, ACQUIRE, 1, null);
        Violation exited = MadeViolations.of(Kind.EXITED_ATTACHED, null, "n", 0, 0, 1, null);
        Document d = parse(text(Tally.of(List.of(foreign, held, exited))));
        Element suite = d.getDocumentElement();
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("3", suite.getAttribute("failures"));
        assertEquals("0", suite.getAttribute("skipped"));
        assertEquals("0", suite.getAttribute("errors"));
        assertEquals("2.500", suite.getAttribute("time"));
        assertEquals("1970-01-01T00:00:01Z", suite.getAttribute("timestamp"));
        List<Element> cases = cases(d);
        assertEquals("com.example.Engine", cases.get(0).getAttribute("classname"));
        assertEquals("FOREIGN_RELEASE lock=gil at stop:41", cases.get(0).getAttribute("name"));
        // no violating site: the acquisition site's class, and the line says which site it is
        assertEquals("com.example.Engine", cases.get(1).getAttribute("classname"));
        assertEquals("HELD_AT_THREAD_EXIT lock=gil acquired at start:12", cases.get(1).getAttribute("name"));
        assertEquals("gilguard", cases.get(2).getAttribute("classname"));
        assertEquals("EXITED_ATTACHED", cases.get(2).getAttribute("name"));
        assertEquals("9.9", property(d, "gilguard.version"));
        assertEquals("gil.rules", property(d, "gilguard.rules"));
    }

    @Test
    void twoViolationsOfOneNameStayTwoTests() throws Exception {
        Violation first = MadeViolations.of(Kind.FORBIDDEN_HELD, "gil", "main", RELEASE, ACQUIRE, 1, null);
        Violation second = MadeViolations.of(Kind.FORBIDDEN_HELD, "gil", "main", RELEASE, OTHER_ACQUIRE, 1, null);
        List<Element> cases = cases(parse(text(Tally.of(List.of(first, second)))));
        assertEquals("FORBIDDEN_HELD lock=gil at stop:41", cases.get(0).getAttribute("name"));
        assertEquals("FORBIDDEN_HELD lock=gil at stop:41 (2)", cases.get(1).getAttribute("name"));
    }

    @Test
    void suppressedIsSkippedAndAFindingPasses() throws Exception {
        Violation suppressed = MadeViolations.of(Kind.UNPAIRED_RELEASE, "gil", "main", RELEASE, 0, 2, "fixed in 2.0");
        Violation finding = MadeViolations.of(Kind.LONG_HOLD_ACROSS_NATIVE, "gil", "main", RELEASE, ACQUIRE, 1, null);
        Document d = parse(text(Tally.of(List.of(suppressed, finding))));
        assertEquals("3", d.getDocumentElement().getAttribute("tests"));
        assertEquals("0", d.getDocumentElement().getAttribute("failures"));
        assertEquals("1", d.getDocumentElement().getAttribute("skipped"));
        List<Element> cases = cases(d);
        Element skipped = (Element) cases.get(0).getElementsByTagName("skipped").item(0);
        assertEquals("suppressed: fixed in 2.0", skipped.getAttribute("message"));
        assertEquals(0, cases.get(1).getElementsByTagName("failure").getLength());
        assertTrue(cases.get(1).getElementsByTagName("system-out").item(0).getTextContent()
                .startsWith(ConsoleSink.line(finding) + "\n"));
        // no violation: the passing test that says the check ran
        assertEquals("gilguard", cases.get(2).getAttribute("classname"));
        assertEquals("no violations", cases.get(2).getAttribute("name"));
        assertEquals(0, cases.get(2).getChildNodes().getLength());
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
}
