package io.gilguard.bench;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What the agent adds to start-up, as whole programs: a hello world, a program that loads
 * {@code --classes} classes (default 5,000) none of which the rules name, and one that loads the
 * real classes of a library (commons-math3's, from this jar) none of which the rules name, each
 * run in a new JVM without and with the agent, in turn, {@code --runs} times (default 10). Prints
 * per subject the best and the median wall time of each, the difference of the medians, and for
 * the many-class subject the added cost per class; for the library, the loading thread's CPU
 * time a class (the class file load hooks run on it), which whole-program noise does not blur.
 * {@code --check} exits with status 3 when the hello world's median difference exceeds 100 ms.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.gilguard.bench.StartUp [--runs N] [--classes N]
 *      [--agent JAR] [--rules FILE] [--check]</pre>
 */
public final class StartUp {
    private static final long HELLO_TARGET_MS = 100;

    private StartUp() {}

    public static void main(String[] args) throws Exception {
        int runs = 10;
        int classes = 5000;
        String agent = "agent/target/gilguard.jar";
        String rules = "bench/target/classes/bench.rules";
        boolean check = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs": runs = Integer.parseInt(args[++i]); break;
                case "--classes": classes = Integer.parseInt(args[++i]); break;
                case "--agent": agent = args[++i]; break;
                case "--rules": rules = args[++i]; break;
                case "--check": check = true; break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        for (String f : new String[] {agent, rules}) {
            if (!new File(f).isFile()) {
                throw new IllegalArgumentException("no such file: " + f + " (build the agent and the bench first)");
            }
        }
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        String withAgent = "-javaagent:" + agent + "=rules=" + rules;
        System.out.printf(Locale.ROOT, "JDK %s, %d runs each, in turn; wall ms%n", Runtime.version(), runs);
        System.out.printf(Locale.ROOT, "%-28s %10s %10s %10s %10s %9s%n", "subject", "best w/o", "best with",
                "median w/o", "median with", "diff");
        long[] hello = subject(java, cp, withAgent, runs, Hello.class.getName());
        long[] many = subject(java, cp, withAgent, runs, ManyClasses.class.getName(), Integer.toString(classes));
        long helloDiff = hello[3] - hello[2];
        long manyDiff = many[3] - many[2];
        System.out.printf(Locale.ROOT, "%d classes: %.1f us a class beyond the hello world's difference%n", classes,
                (manyDiff - helloDiff) * 1000.0 / classes);
        perClass(java, cp, withAgent, runs);
        if (check && helloDiff > HELLO_TARGET_MS) {
            System.out.printf(Locale.ROOT, "MISS: hello world +%d ms, target +%d ms%n", helloDiff, HELLO_TARGET_MS);
            System.exit(3);
        }
    }

    /** Returns best without, best with, median without, median with (ms). */
    private static long[] subject(String java, String cp, String withAgent, int runs, String main, String... args)
            throws Exception {
        long[] without = new long[runs];
        long[] with = new long[runs];
        for (int i = 0; i < runs; i++) {
            without[i] = run(java, cp, null, main, args);
            with[i] = run(java, cp, withAgent, main, args);
        }
        Arrays.sort(without);
        Arrays.sort(with);
        long[] r = {without[0], with[0], without[runs / 2], with[runs / 2]};
        String name = main.substring(main.lastIndexOf('$') + 1) + (args.length > 0 ? " " + args[0] : "");
        System.out.printf(Locale.ROOT, "%-28s %10d %10d %10d %10d %+9d%n", name, r[0], r[1], r[2], r[3], r[3] - r[2]);
        return r;
    }

    /**
     * The library subject: the median of the loading thread's CPU time a class defined, without and
     * with the agent.
     */
    private static void perClass(String java, String cp, String withAgent, int runs) throws Exception {
        double[] without = new double[runs];
        double[] with = new double[runs];
        String[] out = new String[1];
        for (int i = 0; i < runs; i++) {
            run(java, cp, null, out, JarClasses.class.getName());
            without[i] = JarClasses.perClass(out[0]);
            run(java, cp, withAgent, out, JarClasses.class.getName());
            with[i] = JarClasses.perClass(out[0]);
        }
        Arrays.sort(without);
        Arrays.sort(with);
        System.out.printf(Locale.ROOT, "%s: the loading thread's CPU a class, median %.1f -> %.1f us (%+.1f us)%n",
                out[0].substring(out[0].indexOf(' ') + 1), without[runs / 2], with[runs / 2],
                with[runs / 2] - without[runs / 2]);
    }

    private static long run(String java, String cp, String agent, String main, String... args) throws Exception {
        return run(java, cp, agent, null, main, args);
    }

    /** {@code out}: if not null, its first element gets the program's first line of output. */
    private static long run(String java, String cp, String agent, String[] out, String main, String... args)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(java));
        if (agent != null) {
            command.add(agent);
        }
        command.addAll(List.of("-cp", cp, main));
        command.addAll(List.of(args));
        Path err = Files.createTempFile("startup", ".err");
        Path output = Files.createTempFile("startup", ".out");
        try {
            long start = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectOutput(output.toFile())
                    .redirectError(err.toFile()).start();
            int status = p.waitFor();
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (status != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + status + ":\n"
                        + Files.readString(err));
            }
            if (out != null) {
                out[0] = Files.readAllLines(output).get(0);
            }
            return ms;
        } finally {
            Files.delete(err);
            Files.delete(output);
        }
    }

    /** The hello world. */
    public static final class Hello {
        private Hello() {}

        public static void main(String[] args) {
            System.out.println("hello");
        }
    }

    /**
     * Defines N classes through its own class loader, as an application loads its classes (each
     * goes through the agent's transformers): five methods each, one {@code synchronized}, one
     * calling another.
     */
    public static final class ManyClasses extends ClassLoader {
        private ManyClasses() {
            super(ManyClasses.class.getClassLoader());
        }

        public static void main(String[] args) {
            int n = Integer.parseInt(args[0]);
            ManyClasses loader = new ManyClasses();
            int defined = 0;
            for (int i = 0; i < n; i++) {
                String name = "gen/C" + i;
                byte[] bytes = classFile(name);
                defined += loader.defineClass(name.replace('/', '.'), bytes, 0, bytes.length) != null ? 1 : 0;
            }
            System.out.println(defined + " classes");
        }

        private static byte[] classFile(String name) {
            ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
            w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
            MethodVisitor init = w.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
            init.visitCode();
            init.visitVarInsn(Opcodes.ALOAD, 0);
            init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
            init.visitInsn(Opcodes.RETURN);
            init.visitMaxs(0, 0);
            init.visitEnd();
            for (int m = 0; m < 5; m++) {
                int access = Opcodes.ACC_PUBLIC | (m == 0 ? Opcodes.ACC_SYNCHRONIZED : 0);
                MethodVisitor v = w.visitMethod(access, "m" + m, "(I)I", null, null);
                v.visitCode();
                if (m < 4) {
                    v.visitVarInsn(Opcodes.ALOAD, 0);
                    v.visitVarInsn(Opcodes.ILOAD, 1);
                    v.visitMethodInsn(Opcodes.INVOKEVIRTUAL, name, "m" + (m + 1), "(I)I", false);
                } else {
                    v.visitVarInsn(Opcodes.ILOAD, 1);
                }
                v.visitInsn(Opcodes.ICONST_1);
                v.visitInsn(Opcodes.IADD);
                v.visitInsn(Opcodes.IRETURN);
                v.visitMaxs(0, 0);
                v.visitEnd();
            }
            w.visitEnd();
            return w.toByteArray();
        }
    }

    /**
     * Loads the classes of a real library, commons-math3 (in this jar), through loaders of its
     * own, {@code args[0]} times over (default 4), none initialized; prints the loading thread's CPU
     * nanoseconds a class, then what was loaded ({@code "NS org/apache/commons/math3/*, N classes
     * in 4 loaders"}). The class files are read before the clock starts: what is timed is the JVM's
     * definition of each class, with the agent's transformers.
     */
    public static final class JarClasses extends ClassLoader {
        private static final String LIBRARY = "org/apache/commons/math3/";
        private final Map<String, byte[]> files;

        private JarClasses(Map<String, byte[]> files) {
            super(ClassLoader.getPlatformClassLoader());
            this.files = files;
        }

        public static void main(String[] args) throws Exception {
            Map<String, byte[]> files = new HashMap<>();
            String jar = Paths.get(JarClasses.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            try (JarFile j = new JarFile(jar)) {
                for (Enumeration<JarEntry> e = j.entries(); e.hasMoreElements(); ) {
                    JarEntry entry = e.nextElement();
                    String n = entry.getName();
                    if (n.startsWith(LIBRARY) && n.endsWith(".class")) {
                        try (InputStream in = j.getInputStream(entry)) {
                            files.put(n.substring(0, n.length() - 6).replace('/', '.'), in.readAllBytes());
                        }
                    }
                }
            }
            if (files.isEmpty()) {
                throw new IllegalStateException("no " + LIBRARY + " classes in " + jar);
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
            int defined = 0;
            long cpu = 0;
            for (int r = 0; r < rounds; r++) {
                JarClasses loader = new JarClasses(files);
                long start = threads.getCurrentThreadCpuTime();
                for (String name : files.keySet()) {
                    try {
                        loader.loadClass(name);
                        defined++;
                    } catch (LinkageError | ClassNotFoundException missing) {
                        // a class whose dependencies are not in this jar: not counted
                    }
                }
                cpu += threads.getCurrentThreadCpuTime() - start;
            }
            System.out.println(cpu / defined + " " + LIBRARY + "*, " + defined + " classes in " + rounds + " loaders");
        }

        static double perClass(String line) {
            return Long.parseLong(line.substring(0, line.indexOf(' '))) / 1000.0;
        }

        /** Its class files, as a class path serves them (a tool reading a supertype's file finds it). */
        @Override
        public InputStream getResourceAsStream(String name) {
            byte[] bytes = name.endsWith(".class") ? files.get(name.substring(0, name.length() - 6).replace('/', '.')) : null;
            return bytes != null ? new ByteArrayInputStream(bytes) : super.getResourceAsStream(name);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = files.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
