package io.gilguard.nativehooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.gilguard.testsupport.ChildProcess;
import io.gilguard.testsupport.Jdk;
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
        for (Jdk jdk : Jdk.all()) {
            for (String mode : new String[] {"-Dio.gilguard.nativehooks.exactIdentity=false",
                    "-Dio.gilguard.nativehooks.exactIdentity=true"}) {
                Path target = Paths.get(System.getProperty("gilguard.test.classes")).getParent();
                Path dir = Files.createTempDirectory(target, "timing-");
                ChildProcess p = ChildProcess.start(List.of(jdk.java().toString(),
                        "--enable-native-access=ALL-UNNAMED", mode,
                        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", // JniRecord, as the agent exports it
                        "-cp", System.getProperty("gilguard.classes") + File.pathSeparator + System.getProperty("gilguard.test.classes"),
                        "-Djava.library.path=" + System.getProperty("gilguard.test.native"),
                        Scenario.class.getName(), "timing"), dir, dir);
                if (!p.waitFor(300, TimeUnit.SECONDS)) {
                    String dump = p.threadDump(jdk);
                    p.kill();
                    fail("timing run did not end\n" + dump);
                }
                System.out.println("== " + jdk + " " + mode + "\n" + p.stdout() + p.stderr());
                assertEquals(0, p.exitValue());
            }
        }
    }
}
