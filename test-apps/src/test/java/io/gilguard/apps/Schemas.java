package io.gilguard.apps;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The published schemas of the report files (src/test/resources/schemas, SOURCES.md there says
 * where each comes from), and what each says of a file: every error, none for a valid file.
 */
final class Schemas {
    static final Path DIR = Harness.MODULE.resolve("src/test/resources/schemas");
    private static final javax.xml.validation.Schema SUREFIRE = surefire();
    private static final Schema SARIF = sarif();

    private Schemas() {}

    private static javax.xml.validation.Schema surefire() {
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            return factory.newSchema(DIR.resolve("surefire-test-report.xsd").toFile());
        } catch (SAXException e) {
            throw new AssertionError(e);
        }
    }

    private static Schema sarif() {
        try (InputStream in = Files.newInputStream(DIR.resolve("sarif-schema-2.1.0.json"))) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in, InputFormat.JSON);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** What Surefire's XSD (3.0.2) finds wrong with {@code xml}: line, column and message of each error. */
    static List<String> junitErrors(String xml) throws IOException {
        List<String> errors = new ArrayList<>();
        Validator validator = SUREFIRE.newValidator();
        try {
            // the file names its schema by URL: the copy here decides, nothing is fetched
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) {
                    errors.add(e.getLineNumber() + ":" + e.getColumnNumber() + ": " + e.getMessage());
                }

                @Override
                public void fatalError(SAXParseException e) {
                    errors.add(e.getLineNumber() + ":" + e.getColumnNumber() + ": fatal: " + e.getMessage());
                }
            });
            validator.validate(new StreamSource(new StringReader(xml)));
        } catch (SAXException e) {
            if (errors.isEmpty()) {
                errors.add(e.toString());
            }
        }
        return errors;
    }

    /** What the SARIF 2.1.0 schema finds wrong with {@code json}. */
    static List<String> sarifErrors(String json) throws IOException {
        List<String> errors = new ArrayList<>();
        for (com.networknt.schema.Error e : SARIF.validate(new ObjectMapper().readTree(json))) {
            errors.add(e.toString());
        }
        return errors;
    }
}
