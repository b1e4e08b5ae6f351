package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * gilguard's classes are defined by its own class loader, read from its jar, not looked for
 * through the application's class path (where the JVM appends a {@code -javaagent} jar, after
 * every entry of the application's): the system class loader defines the two entry classes only,
 * and the runtime's classes are in the boot loader. The JVM's class loading log names each
 * class's loader. The run checks and reports as ever, and its headline says the jar's version.
 */
class OwnClassLoaderTest {
    private static final String OWN_LOADER = "'io/gilguard/agent/AgentLoader'";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void gilguardsClassesComeFromItsOwnLoader(Jdk jdk, @TempDir Path dir) throws Exception {
        ClassLoadLog log = ClassLoadLog.withLoaders(dir.resolve("classes.log"));
        Run run = Harness.run(jdk, log.jvmOptions(), "holdcost", rules("holdcost") + ",failOn=violation", true, "many");
        assertSilent(run);
        assertEquals(2, run.findings().size(), run.toString());

        Map<String, List<String>> loaders = loaders(log);
        List<String> bySystemLoader = new ArrayList<>();
        for (Map.Entry<String, List<String>> c : loaders.entrySet()) {
            String name = c.getKey();
            for (String loader : c.getValue()) {
                if (name.startsWith("io.gilguard.runtime.") || name.startsWith("io.gilguard.nativehooks.")) {
                    assertTrue(loader.contains("'bootstrap'"), name + " is in the boot loader: " + loader);
                } else if (!name.startsWith("io.gilguard.apps.") && loader.contains("$AppClassLoader'")) {
                    bySystemLoader.add(name);
                } else if (!name.startsWith("io.gilguard.apps.")) {
                    assertTrue(loader.contains(OWN_LOADER), name + ": " + loader);
                }
            }
        }
        assertEquals(List.of("io.gilguard.agent.Agent", "io.gilguard.agent.AgentLoader"), bySystemLoader.stream().sorted()
                .toList(), run.toString());
        for (String own : List.of("io.gilguard.agent.StartUpMain", "io.gilguard.agent.Installer",
                "io.gilguard.instrument.rewrite.ClassRewrites", "io.gilguard.report.AtExit")) {
            assertEquals(1, loaders.getOrDefault(own, List.of()).size(), own + " loaded once: " + loaders.get(own));
        }
        String version;
        try (JarFile jar = new JarFile(Harness.AGENT_JAR.toFile())) {
            version = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
        assertTrue(run.stderr.contains("gilguard: " + version + ", "), "the headline's version\n" + run);
    }

    /** gilguard's class names to their loaders (one per loader that defined the class). */
    private static Map<String, List<String>> loaders(ClassLoadLog log) throws IOException {
        Map<String, List<String>> loaders = new LinkedHashMap<>();
        for (ClassLoadLog.Load load : log.loads()) {
            if (load.name.startsWith("io.gilguard.")) {
                loaders.computeIfAbsent(load.name, n -> new ArrayList<>()).add(load.loader);
            }
        }
        return loaders;
    }
}
