package io.gilguard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class XmlTest {
    @Test
    void markupIsEscapedInTextAndAttributes() {
        assertEquals("a &amp; b &lt;c&gt; \"d\" 'e'", Xml.text("a & b <c> \"d\" 'e'"));
        assertEquals("a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;", Xml.attribute("a & b <c> \"d\" 'e'"));
    }

    @Test
    void cdataEndNeverAppears() {
        assertEquals("x]]&gt;y", Xml.text("x]]>y"));
        assertFalse(Xml.attribute("]]>").contains("]]>"));
    }

    @Test
    void charactersXml10CannotCarryAreWrittenAsEscapes() {
        assertEquals("a\\u0001b\\u001Fc\\uFFFEd\\uFFFF", Xml.text("a\u0001b\u001Fc\uFFFEd\uFFFF"));
        // a lone surrogate, either half; a pair is one character and stays
        assertEquals("\\uD800x\\uDC00", Xml.text("\uD800x\uDC00"));
        assertEquals("\uD83D\uDE00", Xml.text("\uD83D\uDE00"));
    }

    @Test
    void whitespaceSurvivesAttributeNormalisation() {
        assertEquals("a&#9;b&#10;c&#13;d", Xml.attribute("a\tb\nc\rd"));
        assertEquals("a\tb\nc&#13;d", Xml.text("a\tb\nc\rd"));
    }

    /** What a parser reads back is what was written, for every odd character a thread name may hold. */
    @Test
    void aParserReadsBackTheExactValue() throws Exception {
        String odd = "t<&>\"'\t\n\r]]>\u00e9\uD83D\uDE00 end";
        String doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<e a=\"" + Xml.attribute(odd) + "\">" + Xml.text(odd) + "</e>";
        Element e = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        assertEquals(odd, e.getAttribute("a"));
        assertEquals(odd, e.getTextContent());
    }

    @Test
    void aControlCharacterStillParses() throws Exception {
        String doc = "<e a=\"" + Xml.attribute("x\u0000y\u0007") + "\">" + Xml.text("\u0008") + "</e>";
        Element e = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        assertEquals("x\\u0000y\\u0007", e.getAttribute("a"));
        assertEquals("\\u0008", e.getTextContent());
    }
}
