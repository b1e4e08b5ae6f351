package io.gilguard.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import io.gilguard.testsupport.Jdk;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Builds examples/jni-callback with a real {@code mvn}, against this reactor's agent and plugin,
 * twice: as it is (the fixed callback's test) and with {@code -Dexample.broken=true} (the broken
 * callback's test too). The example is copied into a folder whose name has a blank, so every
 * path of the argLine (JaCoCo's and gilguard's) must be quoted right. Maven and the tests run on
 * each JDK of {@code gilguard.jdks}.
 */
class ExampleBuildIT {
    private static final String TEST = "com.example.engine.LeakyCounterTest";
    private static final String METHOD = "countsEveryEventOfTheEngineThread";

    private static Path work;
    private static ExampleRepository repository;

    @BeforeAll
    static void repository() throws IOException {
        Path basedir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        work = basedir.resolve("target/example build");
        delete(work);
        Files.createDirectories(work);
        repository = ExampleRepository.create(work, basedir.getParent(), System.getProperty("gilguard.version"),
                Path.of(System.getProperty("gilguard.localRepository")));
    }

    static List<Jdk> jdks() {
        return Jdk.all();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theFixedBuildPassesWithCoverage(Jdk jdk) throws Exception {
        String name = "fixed-" + jdk.feature();
        Path example = copyExample(name);
        MavenRun run = build(jdk, example, name);
        assertEquals(0, run.status, "the fixed build failed; its output: " + run.log);
        // forkCount=2, two test classes: two test JVMs, each its own report
        assertTrue(run.output.contains("gilguard: 0 violations in 2 reports"), "check did not read both forks' reports; " + run.log);
        assertNoMismatch(run);
        // every instruction of the class gilguard rewrote: JaCoCo counted the class file's own
        assertEquals(0, instructions(example, "com/example/engine/Counter")[0], "instructions of Counter missed");
        assertTrue(instructions(example, "com/example/engine/Engine")[1] > 0, "no coverage of Engine");
        List<Path> sarif = files(example.resolve("target/gilguard"), ".sarif");
        assertEquals(2, sarif.size(), "a SARIF file of each test JVM: " + sarif);
        for (Path file : sarif) {
            assertTrue(results(file).isEmpty(), "SARIF results of the fixed build: " + file);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theBrokenBuildFailsNamingTheTest(Jdk jdk) throws Exception {
        String name = "broken-" + jdk.feature();
        Path example = copyExample(name);
        // failures ignored, as a CI job that wants every report does: the build goes on to
        // verify, where JaCoCo reports and gilguard's check fails it
        MavenRun run = build(jdk, example, name, "-Dexample.broken=true", "-Dmaven.test.failure.ignore=true");
        System.out.println("== broken build: what it said of gilguard (" + run.log + ")");
        // gilguard's lines only: the nested "BUILD FAILURE" would read as the outer build's in a CI log
        run.output.lines().filter(l -> l.contains("gilguard")).forEach(l -> System.out.println("  " + l));
        assertNotEquals(0, run.status, "the broken build passed; its output: " + run.log);

        // check's listing, in the failure that ends the build
        assertTrue(Pattern.compile("Failed to execute goal io\\.gilguard:gilguard-maven-plugin:[^:]+:check \\(default\\) on project jni-callback:"
                + " gilguard: 2 violations in 2 reports").matcher(run.output).find(), "the build did not fail in gilguard's check; " + run.log);
        // each distinct violation once, with the test that failed for it and its count (100 callbacks)
        String site = "com\\.example\\.engine\\.LeakyCounter\\.onEvent\\(LeakyCounter\\.java:\\d+\\)";
        String test = " test=" + Pattern.quote(TEST) + "\\W" + METHOD;
        assertTrue(Pattern.compile("\\[ERROR\\]   LEAKED_AT_RETURN lock=gil thread=\"engine-thread\" at " + site + " acquired at " + site
                + test + " count=100\n").matcher(run.output).find(), "check did not list the leak; " + run.log);
        assertTrue(Pattern.compile("\\[ERROR\\]   HELD_AT_THREAD_EXIT lock=gil thread=\"engine-thread\" acquired at " + site
                + " hold count 100" + test + " count=1\n").matcher(run.output).find(), "check did not list the thread's exit; " + run.log);
        assertFalse(run.output.contains("engine.Counter.onEvent("), "the fixed callback was reported; " + run.log);
        assertNoMismatch(run);
        assertEquals(0, instructions(example, "com/example/engine/LeakyCounter")[0], "instructions of LeakyCounter missed");
        assertEquals(0, instructions(example, "com/example/engine/Counter")[0], "instructions of Counter missed");

        // the test gilguard failed: in the output and in Surefire's XML, with the gilguard line
        assertTrue(run.output.contains("LeakyCounterTest." + METHOD), "the output does not name the failing test; " + run.log);
        String xml = Files.readString(example.resolve("target/surefire-reports/TEST-" + TEST + ".xml"), StandardCharsets.UTF_8);
        Matcher testcase = Pattern.compile("<testcase name=\"" + METHOD + "\" classname=\"" + Pattern.quote(TEST) + "\"[^>]*>(.*?)</testcase>",
                Pattern.DOTALL).matcher(xml);
        assertTrue(testcase.find(), "no failed testcase " + METHOD + " in Surefire's XML");
        Matcher failure = Pattern.compile("<failure message=\"([^\"]*)\"").matcher(testcase.group(1));
        assertTrue(failure.find(), "no <failure> for " + METHOD + " in Surefire's XML: " + testcase.group());
        assertTrue(failure.group(1).contains("LEAKED_AT_RETURN lock=gil"), "the failure does not say the leak: " + failure.group(1));

        // SARIF: the leak, at the callback's source file
        List<Path> sarif = files(example.resolve("target/gilguard"), ".sarif");
        assertEquals(2, sarif.size(), "a SARIF file of each test JVM: " + sarif);
        String results = results(sarif.get(0)).toString() + results(sarif.get(1));
        assertTrue(results.contains("LEAKED_AT_RETURN") && results.contains("LeakyCounter.java"), "SARIF results: " + results);
    }

    private static MavenRun build(Jdk jdk, Path example, String name, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("-s", repository.settings.toString(),
                "-Dmaven.repo.local=" + repository.repository, "-Dgilguard.version=" + System.getProperty("gilguard.version")));
        args.addAll(List.of(more));
        args.add("verify");
        return MavenRun.run(example, jdk.java().getParent().getParent(), work.resolve(name + ".log"), 5,
                args.toArray(new String[0]));
    }

    /**
     * JaCoCo's warnings for classes whose bytes at run time were not the class files' (gilguard's
     * agent before JaCoCo's), and gilguard's own line for that order.
     */
    private static void assertNoMismatch(MavenRun run) {
        assertFalse(run.output.contains("does not match") || run.output.contains("do not match"),
                "JaCoCo saw other classes than the class files; " + run.log);
        assertFalse(run.output.contains("JaCoCo's -javaagent comes after gilguard's"), "the agents' order; " + run.log);
    }

    /** The instructions of class {@code name} JaCoCo's XML report counts {missed, covered} (its own counters, after its methods'). */
    private static long[] instructions(Path example, String name) throws IOException {
        String xml = Files.readString(example.resolve("target/site/jacoco/jacoco.xml"), StandardCharsets.UTF_8);
        Matcher cls = Pattern.compile("<class name=\"" + Pattern.quote(name) + "\".*?</class>", Pattern.DOTALL).matcher(xml);
        assertTrue(cls.find(), "JaCoCo's report has no class " + name);
        Matcher counter = Pattern.compile("<counter type=\"INSTRUCTION\" missed=\"(\\d+)\" covered=\"(\\d+)\"/>(?:\\s*<counter[^>]*/>)*\\s*</class>")
                .matcher(cls.group());
        assertTrue(counter.find(), "no class counters for " + name + ": " + cls.group());
        return new long[] {Long.parseLong(counter.group(1)), Long.parseLong(counter.group(2))};
    }

    /** The results of a SARIF file's runs. */
    private static List<Object> results(Path sarif) throws IOException {
        Object json = Json.parse(Files.readString(sarif, StandardCharsets.UTF_8));
        List<Object> results = new ArrayList<>();
        for (Object run : (List<?>) ((Map<?, ?>) json).get("runs")) {
            Object r = ((Map<?, ?>) run).get("results");
            if (r != null) {
                results.addAll((List<?>) r);
            }
        }
        return results;
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** The example's sources, without a target/ it may have, in a folder of its own. */
    private static Path copyExample(String name) throws IOException {
        Path from = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent().resolve("examples/jni-callback");
        Path to = work.resolve(name);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path rel = from.relativize(f);
                if (rel.startsWith("target")) {
                    continue;
                }
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to.resolve(rel.toString()));
                } else {
                    Files.copy(f, to.resolve(rel.toString()));
                }
            }
        }
        return to;
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(f);
            }
        }
    }
}
