package io.gilguard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.ProfilerConfig;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Optional;

/**
 * Runs every benchmark in forks without the agent and in forks with it, one after the other, and
 * prints one table: ns/op without, ns/op with, the difference, B/op (from {@code -prof gc}) and
 * the targets. The forks run on the JVM that runs this (or JMH's {@code -jvm}); every other JMH
 * option ({@code -wi -i -f -w -r -v -jvmArgsAppend ...}) passes through, and JMH's positional
 * regexps (and {@code -e}) choose the rows.
 */
public final class BenchMain {
    private static final String PACKAGE = "io.gilguard.bench.";
    /** An owned state's check within this of plain. */
    private static final double TARGET_NS = 5.0;
    /**
     * The hot paths (a tracked lock pair, ReentrantLock or monitor; a checked JNI downcall; an
     * upcall under acquire vs locking by hand) within this ratio of plain; and the checked
     * downcall at most half of what -Xcheck:jni adds to the same call.
     */
    private static final double HOT_PATH_TARGET_RATIO = 1.5;
    private static final double XCHECK_SHARE = 0.5;
    /** The native hooks' MonitorEnter/MonitorExit wrappers, per pair (-Xcheck:jni adds about 34 ns). */
    private static final double JNI_MONITOR_TARGET_NS = 10.0;
    /** An FFM downcall handle wrapped in its boundary: within this ratio of the plain handle. */
    private static final double FFM_TARGET_RATIO = 1.5;
    /** Thread churn (a native thread attached, calling back, detached) within this ratio of plain. */
    private static final double CHURN_TARGET_RATIO = 1.2;
    /** Any real allocation is at least 16 bytes: below this, nothing is allocated per operation. */
    private static final double ZERO_BYTES = 1.0;

    private static final List<Row> ROWS = List.of(
            new Row("lock/unlock, tracked ReentrantLock", "LockBench.tracked", "LockBench.tracked", Double.NaN)
                    .ratio(HOT_PATH_TARGET_RATIO),
            new Row("lock/unlock, untracked ReentrantLock", "LockBench.untracked", "LockBench.untracked", Double.NaN),
            new Row("JNI downcall, forbid gil", "DowncallBench.noop", "DowncallBench.noop", Double.NaN)
                    .ratio(HOT_PATH_TARGET_RATIO).versusXcheck(),
            new Row("JNI downcall holding a tracked lock, audit", "HeldDowncallBench.noop", "HeldDowncallBench.noop",
                    Double.NaN),
            new Row("JNA interface call, forbid gil (native:)", "JnaBench.call", "JnaBench.call", Double.NaN),
            new Row("upcall, acquire gil (w/o: by hand)", "UpcallBench.handLocked", "UpcallBench.advised", Double.NaN)
                    .ratio(HOT_PATH_TARGET_RATIO),
            new Row("lambda upcall, acquire gil (w/o: by hand)", "UpcallBench.handLocked", "LambdaUpcallBench.advised",
                    Double.NaN),
            new Row("synchronized, tracked monitor", "MonitorBench.tracked", "MonitorBench.tracked", Double.NaN)
                    .ratio(HOT_PATH_TARGET_RATIO),
            new Row("contended: 2 threads, one tracked lock", "ContendedBench.tracked", "ContendedBench.tracked", Double.NaN),
            new Row("synchronized, untracked monitor", "MonitorBench.untracked", "MonitorBench.untracked", Double.NaN),
            new Row("nested: lock, then synchronized inside, both tracked", "OrderBench.nested", "OrderBench.nested", Double.NaN),
            new Row("synchronized method, monitor family", "FamilyBench.synchronizedMethod",
                    "FamilyBench.synchronizedMethod", Double.NaN),
            new Row("JNI MonitorEnter/MonitorExit pair", "JniMonitorBench.pair", "JniMonitorBench.pair", JNI_MONITOR_TARGET_NS),
            new Row("JNI MonitorEnter/MonitorExit pair holding a tracked lock, audit", "JniOrderBench.heldPair",
                    "JniOrderBench.heldPair", Double.NaN),
            new Row("upcall under a JNI monitor, acquire gil", "JniOrderBench.callbackUnderMonitor",
                    "JniOrderBench.callbackUnderMonitor", Double.NaN),
            new Row("owned state, owner's call", "StateBench.ownerCall", "StateBench.ownerCall", TARGET_NS),
            new Row("FFM downcall, forbid gil", "FfmDowncallBench.call", "FfmDowncallBench.call", Double.NaN)
                    .ratio(FFM_TARGET_RATIO).since(22),
            new Row("native thread: attach, upcall, detach", "ChurnBench.attachCallDetach",
                    "ChurnBench.attachCallDetach", Double.NaN).ratio(CHURN_TARGET_RATIO).perThread());

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) throws Exception {
        Path base = base();
        Path agent = base.resolve("../../agent/target/gilguard.jar");
        Path rules = null;
        Path lib = base.resolve("native");
        boolean check = false;
        List<String> jmhArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--agent":
                    agent = Path.of(value(args, ++i));
                    break;
                case "--rules":
                    rules = Path.of(value(args, ++i));
                    break;
                case "--lib":
                    lib = Path.of(value(args, ++i));
                    break;
                case "--check":
                    check = true;
                    break;
                case "--help":
                    usage(out);
                    return 0;
                default:
                    jmhArgs.add(args[i]);
            }
        }
        CommandLineOptions cli;
        try {
            cli = new CommandLineOptions(jmhArgs.toArray(new String[0]));
        } catch (CommandLineOptionException e) {
            System.err.println("bench: " + e.getMessage() + " (--help for usage)");
            return 2;
        }
        if (cli.shouldHelp()) {
            usage(out);
            cli.showHelp();
            return 0;
        }
        List<Row> rows = select(cli);
        int forks = feature(cli.getJvm());
        for (Row row : List.copyOf(rows)) {
            if (forks < row.since) {
                // the row's API does not exist there (java.lang.foreign before 22): left out, said
                System.err.println("bench: row '" + row.title + "' left out: it needs JDK " + row.since
                        + "+, the forks run JDK " + forks);
                rows.remove(row);
            }
        }
        if (cli.shouldList()) {
            for (Row row : rows) {
                out.println(row.without.equals(row.with) ? row.without : row.without + " (without) / " + row.with + " (with)");
            }
            return 0;
        }
        if (rows.isEmpty()) {
            System.err.println("bench: no benchmark matches " + cli.getIncludes());
            return 2;
        }

        agent = agent.toAbsolutePath().normalize();
        lib = lib.toAbsolutePath().normalize();
        rules = rules == null ? defaultRules(base) : rules.toAbsolutePath().normalize();
        if (!Files.isRegularFile(agent)) {
            System.err.println("bench: no agent jar at " + agent + " (build it: mvn -B -q -pl agent package -DskipTests, or give --agent PATH)");
            return 2;
        }
        if (!Files.isRegularFile(lib.resolve(System.mapLibraryName("gilbench")))) {
            System.err.println("bench: no " + System.mapLibraryName("gilbench") + " in " + lib + " (build bench, or give --lib DIR)");
            return 2;
        }
        if (!Files.isRegularFile(rules)) {
            System.err.println("bench: no rules file at " + rules);
            return 2;
        }

        List<String> common = new ArrayList<>();
        common.add("-Djava.library.path=" + lib);
        int feature = feature(cli.getJvm());
        if (feature >= 22) {
            common.add("--enable-native-access=ALL-UNNAMED"); // JNI without the JDK 24+ warning
        }
        if (feature >= 23) {
            common.add("--sun-misc-unsafe-memory-access=allow"); // JMH's own Unsafe use, without the JDK 24+ warning
        }
        common.addAll(cli.getJvmArgsAppend().orElse(List.of()));
        List<String> without = new ArrayList<>(common);
        without.add("-D" + AgentCheck.PROPERTY + "=off");
        List<String> with = new ArrayList<>(common);
        with.add("-javaagent:" + agent + "=rules=" + rules);
        with.add("-D" + AgentCheck.PROPERTY + "=on");

        int total = rows.size() * 2;
        int done = 0;
        boolean failed = false;
        BenchmarkParams params = null;
        Map<Row, Measured[]> results = new LinkedHashMap<>();
        List<String> xcheck = new ArrayList<>(without);
        xcheck.add("-Xcheck:jni");
        total += (int) rows.stream().filter(r -> r.versusXcheck).count();
        for (Row row : rows) {
            Measured a = measure(out, cli, row.without, false, without, ++done, total);
            Measured b = measure(out, cli, row.with, true, with, ++done, total);
            Measured x = row.versusXcheck ? measure(out, cli, row.without, false, xcheck, ++done, total) : null;
            results.put(row, new Measured[] {a, b, x});
            failed |= a == null || b == null || row.versusXcheck && x == null;
            if (b != null) {
                params = b.params;
            }
        }
        boolean missed = table(out, results, params, without, with);
        if (failed) {
            System.err.println("bench: some runs failed (their rows are incomplete); rerun them with -v NORMAL to see JMH's output");
            return 1;
        }
        return check && missed ? 3 : 0;
    }

    /** One run of one benchmark in its forks; null when it failed (said on stderr). */
    private static Measured measure(PrintStream out, CommandLineOptions cli, String benchmark, boolean agent,
                                    List<String> jvmArgs, int n, int total) {
        // Said after the run, in one line: the forks' own output (the agent's banner) comes first.
        String what = String.format(Locale.ROOT, "[%2d/%d] %-24s %-13s ", n, total, benchmark, agent ? "with agent" : "without agent");
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Pattern.quote(PACKAGE + benchmark) + "$")
                .mode(Mode.AverageTime)
                .timeUnit(TimeUnit.NANOSECONDS)
                .shouldFailOnError(true)
                .verbosity(cli.verbosity().orElse(VerboseMode.SILENT))
                .jvmArgsAppend(jvmArgs.toArray(new String[0]));
        passThrough(cli, options);
        try {
            Collection<RunResult> results = new Runner(options.build()).run();
            if (results.isEmpty()) {
                out.println(what + "no result");
                return null;
            }
            RunResult r = results.iterator().next();
            Result<?> primary = r.getPrimaryResult();
            double bytes = Double.NaN;
            for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
                if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                    bytes = e.getValue().getScore();
                }
            }
            Measured m = new Measured(primary.getScore(), primary.getScoreError(), bytes, r.getParams());
            out.printf(Locale.ROOT, "%s%8.2f ns/op %8.2f B/op%n", what, m.score, m.bytes);
            return m;
        } catch (RunnerException e) {
            out.println(what + "FAILED");
            System.err.println("bench: " + benchmark + (agent ? " with" : " without") + " the agent failed: " + e.getMessage());
            causes(e.getCause(), "  ");
            return null;
        }
    }

    /** What went wrong in the fork: JMH wraps the benchmark's exceptions as suppressed ones. */
    private static void causes(Throwable t, String indent) {
        for (; t != null; t = t.getCause()) {
            System.err.println(indent + t);
            for (Throwable s : t.getSuppressed()) {
                causes(s, indent + "  ");
            }
        }
    }

    /** Prints the table; returns true when a target was missed. */
    private static boolean table(PrintStream out, Map<Row, Measured[]> results, BenchmarkParams params,
                                 List<String> without, List<String> with) {
        out.println();
        if (params != null) {
            out.printf(Locale.ROOT, "JDK %s, %s %s%n", params.getJdkVersion(), params.getVmName(), params.getVmVersion());
            out.printf(Locale.ROOT, "warmup %d x %s, measurement %d x %s, %d fork(s) per benchmark and configuration, %d thread(s)%n",
                    params.getWarmup().getCount(), params.getWarmup().getTime(),
                    params.getMeasurement().getCount(), params.getMeasurement().getTime(),
                    params.getForks(), params.getThreads());
            out.println("jvm:      " + params.getJvm());
        }
        out.println("without:  " + String.join(" ", without));
        out.println("with:     " + String.join(" ", with));
        out.println();
        String format = "%-37s %16s %16s %8s %7s %9s %9s  %s%n";
        out.printf(Locale.ROOT, format, "benchmark", "without ns/op", "with ns/op", "diff", "ratio", "B/op w/o", "B/op with", "target");
        boolean missed = false;
        for (Map.Entry<Row, Measured[]> e : results.entrySet()) {
            Row row = e.getKey();
            Measured a = e.getValue()[0];
            Measured b = e.getValue()[1];
            String diff = a != null && b != null ? String.format(Locale.ROOT, "%+8.2f", b.score - a.score) : "-";
            String ratio = a != null && b != null ? String.format(Locale.ROOT, "%6.2fx", b.score / a.score) : "-";
            List<String> verdict = new ArrayList<>();
            if (a != null && b != null && !Double.isNaN(row.targetNs)) {
                boolean within = b.score - a.score <= row.targetNs;
                missed |= !within;
                verdict.add(String.format(Locale.ROOT, "+%.0f ns %s", row.targetNs, within ? "ok" : "MISS"));
            }
            if (a != null && b != null && !Double.isNaN(row.targetRatio)) {
                boolean within = b.score / a.score <= row.targetRatio;
                missed |= !within;
                verdict.add(String.format(Locale.ROOT, "%.1fx %s", row.targetRatio, within ? "ok" : "MISS"));
            }
            Measured x = e.getValue()[2];
            if (a != null && b != null && x != null) {
                double share = x.score - a.score;
                boolean within = b.score - a.score <= XCHECK_SHARE * share;
                missed |= !within;
                verdict.add(String.format(Locale.ROOT, "<= 1/2 of -Xcheck:jni's %+.2f ns %s", share, within ? "ok" : "MISS"));
            }
            if (b != null && !row.perThread) {
                // what the agent allocates: a row whose plain code allocates (JNA's call) is judged by the difference
                boolean plainAllocates = a != null && a.bytes >= ZERO_BYTES;
                boolean zero = b.bytes - (plainAllocates ? a.bytes : 0) < ZERO_BYTES;
                missed |= !zero;
                verdict.add((plainAllocates ? "+0 B/op " : "0 B/op ") + (zero ? "ok" : "MISS"));
            }
            out.printf(Locale.ROOT, format, row.title, time(a), time(b), diff, ratio, bytes(a), bytes(b),
                    String.join(", ", verdict));
            if (x != null && a != null) {
                out.printf(Locale.ROOT, format, "  the same, -Xcheck:jni, no agent", time(a), time(x),
                        String.format(Locale.ROOT, "%+8.2f", x.score - a.score),
                        String.format(Locale.ROOT, "%6.2fx", x.score / a.score), bytes(a), bytes(x), "");
            }
        }
        return missed;
    }

    private static String time(Measured m) {
        if (m == null) {
            return "failed";
        }
        return Double.isNaN(m.error)
                ? String.format(Locale.ROOT, "%8.2f", m.score)
                : String.format(Locale.ROOT, "%8.2f +-%5.2f", m.score, m.error);
    }

    private static String bytes(Measured m) {
        return m == null || Double.isNaN(m.bytes) ? "-" : String.format(Locale.ROOT, "%9.2f", m.bytes);
    }

    /**
     * The options of the command line that shape a run, except the benchmark choice (each run
     * chooses exactly one benchmark), the mode and unit (the table is in ns/op), and
     * {@code -jvmArgsAppend}, which the runner extends.
     */
    private static void passThrough(CommandLineOptions cli, ChainedOptionsBuilder o) {
        if (cli.getWarmupIterations().hasValue()) o.warmupIterations(cli.getWarmupIterations().get());
        if (cli.getWarmupTime().hasValue()) o.warmupTime(cli.getWarmupTime().get());
        if (cli.getWarmupBatchSize().hasValue()) o.warmupBatchSize(cli.getWarmupBatchSize().get());
        if (cli.getWarmupMode().hasValue()) o.warmupMode(cli.getWarmupMode().get());
        if (cli.getMeasurementIterations().hasValue()) o.measurementIterations(cli.getMeasurementIterations().get());
        if (cli.getMeasurementTime().hasValue()) o.measurementTime(cli.getMeasurementTime().get());
        if (cli.getMeasurementBatchSize().hasValue()) o.measurementBatchSize(cli.getMeasurementBatchSize().get());
        if (cli.getForkCount().hasValue()) o.forks(cli.getForkCount().get());
        if (cli.getWarmupForkCount().hasValue()) o.warmupForks(cli.getWarmupForkCount().get());
        if (cli.getThreads().hasValue()) o.threads(cli.getThreads().get());
        if (cli.getThreadGroups().hasValue()) o.threadGroups(cli.getThreadGroups().get());
        if (cli.shouldSyncIterations().hasValue()) o.syncIterations(cli.shouldSyncIterations().get());
        if (cli.shouldDoGC().hasValue()) o.shouldDoGC(cli.shouldDoGC().get());
        if (cli.getTimeout().hasValue()) o.timeout(cli.getTimeout().get());
        if (cli.getJvm().hasValue()) o.jvm(cli.getJvm().get());
        if (cli.getJvmArgs().hasValue()) o.jvmArgs(cli.getJvmArgs().get().toArray(new String[0]));
        if (cli.getJvmArgsPrepend().hasValue()) o.jvmArgsPrepend(cli.getJvmArgsPrepend().get().toArray(new String[0]));
        boolean gc = false;
        for (ProfilerConfig p : cli.getProfilers()) {
            gc |= p.getKlass().equals("gc") || p.getKlass().equals(GCProfiler.class.getName());
            if (p.getOpts() == null || p.getOpts().isEmpty()) {
                o.addProfiler(p.getKlass());
            } else {
                o.addProfiler(p.getKlass(), p.getOpts());
            }
        }
        if (!gc) {
            o.addProfiler(GCProfiler.class);
        }
    }

    /** The rows whose benchmarks match JMH's positional regexps (all when none) and no {@code -e}. */
    private static List<Row> select(CommandLineOptions cli) {
        List<Row> rows = new ArrayList<>();
        for (Row row : ROWS) {
            boolean in = cli.getIncludes().isEmpty();
            for (String include : cli.getIncludes()) {
                in |= matches(include, row.without) || matches(include, row.with);
            }
            for (String exclude : cli.getExcludes()) {
                in &= !matches(exclude, row.without) && !matches(exclude, row.with);
            }
            if (in) {
                rows.add(row);
            }
        }
        return rows;
    }

    private static boolean matches(String regexp, String benchmark) {
        return Pattern.compile(regexp).matcher(PACKAGE + benchmark).find();
    }

    /** The feature version of the forks' JVM: the {@code release} file of its home, else this JVM's. */
    private static int feature(Optional<String> jvm) {
        if (!jvm.hasValue()) {
            return Runtime.version().feature();
        }
        Path home = Path.of(jvm.get()).toAbsolutePath().getParent().getParent();
        try {
            Matcher m = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(home.resolve("release")));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        } catch (IOException | RuntimeException e) {
            // below
        }
        return Runtime.version().feature();
    }

    /** bench/target: the directory of benchmarks.jar, or the parent of target/classes. */
    private static Path base() throws URISyntaxException {
        Path here = Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return here.getParent();
    }

    /** target/classes/bench.rules as the build left it; else the copy inside the jar, written out. */
    private static Path defaultRules(Path base) throws IOException {
        Path built = base.resolve("classes/bench.rules").toAbsolutePath().normalize();
        if (Files.isRegularFile(built)) {
            return built;
        }
        Path copy = Files.createTempFile("gilguard-bench-", ".rules");
        copy.toFile().deleteOnExit();
        try (InputStream in = BenchMain.class.getResourceAsStream("/bench.rules")) {
            if (in == null) {
                throw new IOException("bench.rules is not in the jar");
            }
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            System.err.println("bench: " + args[i - 1] + " needs a value (--help for usage)");
            System.exit(2);
        }
        return args[i];
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar bench/target/benchmarks.jar [--agent JAR] [--rules FILE] [--lib DIR] [--check] [JMH options] [REGEXP...]\n"
                + "  Runs each benchmark in forks without and with -javaagent:JAR=rules=FILE, with -prof gc,\n"
                + "  and prints ns/op without, ns/op with, the difference and B/op. The forks run on this JVM\n"
                + "  (or JMH's -jvm). Quick run: -wi 3 -i 5 -f 1 -w 1s -r 1s\n"
                + "  --agent JAR   the agent (default: agent/target/gilguard.jar next to bench/)\n"
                + "  --rules FILE  the rules (default: bench/target/classes/bench.rules, else the jar's copy)\n"
                + "  --lib DIR     where libgilbench.so is (default: bench/target/native)\n"
                + "  --check       exit status 3 when a target is missed\n"
                + "JMH's options follow.");
    }

    private static final class Row {
        final String title;
        final String without;
        final String with;
        final double targetNs;
        /** "with" within this ratio of "without" (NaN: no such target). */
        double targetRatio = Double.NaN;
        /** The first JDK feature release the row runs on. */
        int since = 17;
        /**
         * Each operation is a new thread, for which the agent keeps a record: its bytes are
         * shown, not judged (the hot paths' 0 B/op is about events on a thread already known).
         */
        boolean perThread;
        boolean versusXcheck;

        Row(String title, String without, String with, double targetNs) {
            this.title = title;
            this.without = without;
            this.with = with;
            this.targetNs = targetNs;
        }

        Row ratio(double target) {
            targetRatio = target;
            return this;
        }

        Row since(int feature) {
            since = feature;
            return this;
        }

        Row perThread() {
            perThread = true;
            return this;
        }

        /** Also measured without the agent under -Xcheck:jni: the agent may add at most XCHECK_SHARE of what that adds. */
        Row versusXcheck() {
            versusXcheck = true;
            return this;
        }
    }

    private static final class Measured {
        final double score;
        final double error;
        final double bytes;
        final BenchmarkParams params;

        Measured(double score, double error, double bytes, BenchmarkParams params) {
            this.score = score;
            this.error = error;
            this.bytes = bytes;
            this.params = params;
        }
    }
}
