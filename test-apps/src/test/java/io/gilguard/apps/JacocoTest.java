package io.gilguard.apps;

import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jacoco.core.data.ExecutionData;
import org.jacoco.core.internal.data.CRC64;
import org.jacoco.core.tools.ExecFileLoader;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * gilguard beside JaCoCo, the real agent: listed after JaCoCo's, every class's coverage matches
 * its class file (JaCoCo's id is the checksum of the bytes it saw, which were the file's); listed
 * before, the classes gilguard rewrites do not match, and gilguard says so at start-up.
 */
class JacocoTest {
    static final String ORDER_LINE = "gilguard: JaCoCo's -javaagent comes after gilguard's";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void listedAfterJacocoCoverageMatches(Jdk jdk, @TempDir Path tmp) throws Exception {
        Path exec = tmp.resolve("jacoco.exec");
        Run run = Harness.run(jdk, List.of(jacoco(exec)), "callback", rules("callback-broken"), true);
        assertEquals(1, run.violations().size(), run.toString());
        assertFalse(run.stderr.contains(ORDER_LINE), run.toString());
        List<String> mismatched = mismatched(exec);
        assertEquals(List.of(), mismatched, run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void listedBeforeJacocoItSaysSo(Jdk jdk, @TempDir Path tmp) throws Exception {
        Path exec = tmp.resolve("jacoco.exec");
        Run run = Harness.runBefore(jdk, List.of(jacoco(exec)), "callback", rules("callback-broken"), true);
        assertEquals(1, run.violations().size(), run.toString());
        assertTrue(run.stderrLines().stream().anyMatch(l -> l.startsWith(ORDER_LINE)), run.toString());
        assertTrue(mismatched(exec).contains("io/gilguard/apps/callback/Counter"), run.toString());
    }

    private static String jacoco(Path exec) {
        String jar = null;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (Path.of(entry).getFileName().toString().matches("org\\.jacoco\\.agent-.*-runtime\\.jar")) {
                jar = entry;
            }
        }
        assertTrue(jar != null, "JaCoCo's agent jar on the test class path");
        return "-javaagent:" + jar + "=destfile=" + exec + ",includes=io.gilguard.apps.*";
    }

    /** The classes whose coverage was recorded for other bytes than their class file's. */
    private static List<String> mismatched(Path exec) throws Exception {
        assertTrue(Files.isRegularFile(exec), "no coverage written: " + exec);
        ExecFileLoader loader = new ExecFileLoader();
        loader.load(exec.toFile());
        List<String> mismatched = new ArrayList<>();
        int seen = 0;
        for (ExecutionData data : loader.getExecutionDataStore().getContents()) {
            Path file = Harness.MODULE.resolve("target/classes").resolve(data.getName() + ".class");
            if (Files.isRegularFile(file)) {
                seen++;
                if (CRC64.classId(Files.readAllBytes(file)) != data.getId()) {
                    mismatched.add(data.getName());
                }
            }
        }
        assertTrue(seen >= 3, "coverage of the app's classes: " + seen);
        return mismatched;
    }
}
