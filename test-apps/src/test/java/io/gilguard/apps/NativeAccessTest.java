package io.gilguard.apps;

import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gilguard.testsupport.ChildProcess;
import io.gilguard.testsupport.Jdk;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * gilguard's own native library is loaded without JDK 24+'s restricted-method warning, and
 * without {@code --enable-native-access}: the application's native-access policy is its own.
 * The other tests pass that flag (their apps load JNI libraries of their own); this one runs an
 * app that loads none, without it, and the native hooks are on (the JNI monitor checks need them).
 */
class NativeAccessTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void gilguardsLibraryLoadsWithoutAWarning(Jdk jdk, @TempDir Path dir) throws Exception {
        assumeTrue(jdk.feature() >= 24, "the restricted-method warning for System.load is JDK 24's; " + jdk);
        ChildProcess child = ChildProcess.start(List.of(jdk.java().toString(),
                "-javaagent:" + Harness.AGENT_JAR + "=" + rules("locks"),
                "-cp", Harness.MODULE.resolve("target/classes").toString(), "io.gilguard.apps.locks.Main", "fixed"),
                dir, dir);
        assertTrue(child.waitFor(Harness.TIMEOUT_SECONDS, TimeUnit.SECONDS), "still running: " + child.command());
        String stderr = child.stderr();
        assertEquals(0, child.exitValue(), child.command() + "\n" + stderr);
        assertTrue(stderr.contains("gilguard: "), stderr);
        assertFalse(stderr.contains("WARNING"), stderr);
        assertFalse(stderr.contains("native checks off"), stderr);
    }
}
