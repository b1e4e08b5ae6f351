package io.gilguard.nativehooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The quick cost measurement of PERFORMANCE.md, on every JDK of gilguard.jdks, in both identity
 * modes. Opt-in: {@code mvn -pl native verify -Dgilguard.timing=true}. Prints, asserts nothing
 * about speed (this machine is shared).
 */
@EnabledIfSystemProperty(named = "gilguard.timing", matches = "true")
class TimingTest {
    @Test
    void printCosts() throws Exception {
        for (String jdk : System.getProperty("gilguard.jdks").split(",")) {
            for (String mode : new String[] {"-Dio.gilguard.nativehooks.exactIdentity=false",
                    "-Dio.gilguard.nativehooks.exactIdentity=true"}) {
                Path out = Files.createTempFile(Paths.get(System.getProperty("gilguard.test.classes")).getParent(), "timing-", ".txt");
                Process p = new ProcessBuilder(List.of(Paths.get(jdk.trim(), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED", mode,
                        "-cp", System.getProperty("gilguard.classes") + File.pathSeparator + System.getProperty("gilguard.test.classes"),
                        "-Djava.library.path=" + System.getProperty("gilguard.test.native"),
                        Scenario.class.getName(), "timing"))
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
                assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timing run did not end");
                System.out.println("== " + jdk.trim() + " " + mode + "\n" + Files.readString(out));
                assertEquals(0, p.exitValue());
            }
        }
    }
}
