package io.gilguard.nativehooks;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jdk.internal.loader.BootLoader;

/**
 * The Java side of {@code libgilguard.so}: JVMTI thread start/end, the JNI {@code MonitorEnter}/
 * {@code MonitorExit} wrappers, native threads that end while attached, and {@code JNIEnv}s used
 * on the wrong thread. Depends on the JDK only ({@code java.management} is used when present).
 *
 * <p>{@link #load} extracts the library from this jar into a private temporary directory (in
 * {@value #DIR_PROPERTY}, default {@code java.io.tmpdir}), loads it with {@link System#load} (no
 * {@code -agentpath}), deletes the file at once (the mapping stays) and starts the checks. On JDK 22+ run with {@code --enable-native-access=ALL-UNNAMED} (or the
 * agent's module) to avoid the restricted-method warning.
 *
 * <p>The JNI symbols are bound by name: this package must not be relocated when shaded.
 */
public final class NativeHooks {

    /** Check names, as given to {@link Listener#checkOff} and {@link #isOn}. */
    public static final String CHECK_THREAD_END = "thread-end";
    /** The MonitorEnter/MonitorExit record: {@link #jniMonitorDepth}, unpaired exits, and the monitors of {@link Listener#threadEnding}. */
    public static final String CHECK_JNI_MONITORS = "jni-monitors";
    public static final String CHECK_EXITED_ATTACHED = "exited-attached";
    public static final String CHECK_FOREIGN_ENV = "foreign-env";
    /** JVMTI MonitorContendedEnter/Entered, once {@link #monitorContention} turned them on. */
    public static final String CHECK_MONITOR_CONTENDED = "monitor-contended";
    private static final String[] ALL_CHECKS = {
        CHECK_THREAD_END, CHECK_JNI_MONITORS, CHECK_EXITED_ATTACHED, CHECK_FOREIGN_ENV, CHECK_MONITOR_CONTENDED
    };

    /** Where the library sits in this jar. */
    public static final String LIBRARY_RESOURCE = "io/gilguard/nativehooks/linux-x86_64/libgilguard.so";

    /**
     * Where to extract the library (a private directory is made in it); default
     * {@code java.io.tmpdir}. For systems whose temporary directory is mounted noexec.
     */
    public static final String DIR_PROPERTY = "io.gilguard.nativehooks.dir";

    /** Set once the library is loaded in this JVM, whichever class loader loaded it. */
    private static final String LOADED_PROPERTY = "io.gilguard.nativehooks.loaded";

    /**
     * Callbacks from the native side; the agent implements this. Each is called on the thread
     * concerned, from native code, possibly while that thread holds JNI monitors: it must be quick,
     * must not throw (what it throws is printed once and dropped) and must not block on locks other
     * threads may hold while waiting for this one.
     */
    public interface Listener {
        /**
         * JVMTI ThreadEnd, on the dying thread, for every thread that ends after {@link #load}
         * (Java threads, and native threads at {@code DetachCurrentThread}); on JDK 21+ also
         * JVMTI VirtualThreadEnd, on the ending virtual thread (mounted on its carrier). Java
         * thread-locals are already gone (those of a virtual thread are not). For a native thread
         * that detaches, the JVM releases its JNI monitors right after this returns; for a Java
         * thread they stay locked for ever.
         *
         * @param jniMonitors the monitors this thread entered through JNI {@code MonitorEnter} (after
         *        {@code load}) and never exited, oldest first, each once; an empty array if none.
         *        Objects already garbage collected are left out. Always empty for a virtual
         *        thread: the record of JNI monitors is its carrier's.
         */
        void threadEnding(Thread thread, Object[] jniMonitors);

        /**
         * A JNI {@code MonitorExit} of an object the current thread did not enter through JNI:
         * one it does not own (the JVM then throws {@code IllegalMonitorStateException}), or one it
         * owns through {@code synchronized}, which JNI forbids: HotSpot 17 and 25 then release it
         * in the middle of the synchronized block, and the thread may later spin for ever at the
         * end of that method (if the monitor was deflated meanwhile). Called before the JVM acts.
         */
        void unpairedMonitorExit(Thread thread, Object monitor);

        /**
         * A native thread that attached to the JVM is ending (pthread exit) without
         * {@code DetachCurrentThread}. Called on that thread while it is still attached; gilguard
         * then detaches it, so {@link #threadEnding} follows with its JNI monitors. (Left alone,
         * HotSpot 17 and 25 keep such a thread alive for ever, its monitors locked, and a JVM
         * whose non-daemon thread it is never exits.)
         */
        void exitedAttached(Thread thread);

        /**
         * A {@code JNIEnv} used on a thread it does not belong to, seen in a wrapped function
         * ({@code MonitorEnter}, {@code MonitorExit}). On an attached thread the call is then made
         * with that thread's own env; on a thread that is not attached it is refused
         * ({@code JNI_ERR}), and this is called later, from another thread, with {@code user} null.
         *
         * @param owner the thread the env belongs to, or null if unknown (a thread that has not
         *        used the wrapped functions since before {@code load}, or that has ended)
         * @param user the current thread, or null if the user was not attached
         */
        void foreignEnv(String function, Thread owner, Thread user);

        /** A check was turned off after {@code load} returned; one line why. */
        void checkOff(String check, String reason);

        /**
         * The current thread is about to enter {@code monitor} through JNI {@code MonitorEnter},
         * not holding it yet, while the record's lock-order key ({@link JniRecord#KEY}) is not
         * 0: the caller said this thread holds locks whose
         * order with the monitor matters. Called before the JVM enters it (whatever this does,
         * it is entered after); not again for the same object and key while the thread's record
         * remembers it. Nothing by default.
         */
        default void jniMonitorEntering(Thread thread, Object monitor) {
        }

        /**
         * The current thread is about to block entering {@code monitor}, which another thread
         * owns (JVMTI MonitorContendedEnter), once {@link #monitorContention} turned it on. Return
         * true to hear {@link #monitorEntered} when it has the monitor. Called on the contended
         * path only; the thread has not yet queued for the monitor.
         */
        default boolean monitorContended(Thread thread, Object monitor) {
            return false;
        }

        /** The current thread, for which {@link #monitorContended} returned true, now owns {@code monitor}. */
        default void monitorEntered(Thread thread, Object monitor) {}
    }

    private NativeHooks() {}

    private static volatile Listener listener;
    private static volatile boolean loaded;
    private static final Set<String> checksOff = ConcurrentHashMap.newKeySet();
    private static volatile boolean listenerFailureShown;
    /** The thread asking for the collector after a start-up load; null otherwise. For tests. */
    static volatile Thread collectorCheck;

    /**
     * Extracts and loads the library, and starts the checks. Never throws.
     *
     * @return null if every check is on; else one line saying which checks are off and why
     *         (another OS or architecture, no library in the jar, no writable temporary
     *         directory, a JVMTI error...). A second call returns a line saying the hooks are
     *         already loaded, and keeps the first listener.
     */
    public static String load(Listener listener) {
        return load(listener, false, null);
    }

    /** Where the library's bytes are read from, when the caller knows better than a resource look-up. */
    @FunctionalInterface
    public interface Library {
        InputStream open() throws IOException;
    }

    /**
     * {@link #load(Listener)}, told whether the application has run yet. At start-up no JNI
     * monitor can be held, so none is looked for, and the collector is asked on a thread of its
     * own ({@link #collectorCheck}): {@code java.lang.management}'s first use costs some 40 ms,
     * which the application's start would otherwise wait for. Until the answer, objects are
     * compared exactly, which is always sound. {@code library}: where to read it from (the agent
     * reads its own jar: as a resource the library is looked for in every module of the JDK
     * first, some 4 ms); null, {@link #LIBRARY_RESOURCE}.
     */
    public static String load(Listener listener, boolean startUp, Library library) {
        try {
            synchronized (NativeHooks.class) {
                return load0(listener, startUp, library);
            }
        } catch (Throwable t) {
            markAllOff();
            return allOff("unexpected " + oneLine(t));
        }
    }

    private static String load0(Listener l, boolean startUp, Library library) {
        if (l == null) return allOff("no listener given");
        if (loaded || System.getProperty(LOADED_PROPERTY) != null) {
            return "gilguard: native hooks already loaded in this JVM; the first listener stays";
        }
        String os = System.getProperty("os.name", "?");
        String arch = System.getProperty("os.arch", "?");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return allOff("no native library for " + os + "/" + arch + " (only linux-x86_64)");
        }
        if (library == null) {
            URL resource = NativeHooks.class.getResource("/" + LIBRARY_RESOURCE);
            if (resource == null) resource = ClassLoader.getSystemResource(LIBRARY_RESOURCE);
            if (resource == null) return allOff("library resource " + LIBRARY_RESOURCE + " not found");
            library = resource::openStream;
        }

        String tmp = System.getProperty(DIR_PROPERTY, System.getProperty("java.io.tmpdir"));
        Path dir;
        try {
            dir = privateDirectory(Paths.get(tmp));
        } catch (IOException | RuntimeException e) {
            return allOff("cannot create a private temporary directory in " + tmp + ": " + oneLine(e));
        }
        Path file = dir.resolve("libgilguard.so");
        try {
            // java.io, not Files.copy: Files' channels are some 30 classes more to load at start-up
            try (InputStream in = library.open(); OutputStream out = new FileOutputStream(file.toFile())) {
                in.transferTo(out);
            } catch (IOException | RuntimeException e) {
                return allOff("cannot extract the library to " + file + ": " + oneLine(e));
            }
            try {
                loadLibrary(file);
            } catch (Throwable e) { // UnsatisfiedLinkError (e.g. noexec tmp), SecurityException...
                return allOff("System.load(" + file + ") failed: " + oneLine(e));
            }
        } finally {
            // Once mapped, the file is not needed: delete it now, not at exit, so that nothing is
            // left behind even if the JVM is killed.
            deleteOrAtExit(file);
            deleteOrAtExit(dir);
        }

        listener = l;
        loaded = true;
        String problems = init0(!startUp && Jvm.collectorBracketsAllMoves());
        boolean monitors = problems == null || !problems.contains(CHECK_JNI_MONITORS + " (");
        if (monitors && startUp) {
            collectorCheck = Jvm.askLater();
        } else if (monitors) {
            // Without java.management this fails, and an exit of a JNI monitor held since before
            // load is reported unpaired: a degraded check, not a check off.
            BeforeLoad.snapshot();
        }
        try {
            System.setProperty(LOADED_PROPERTY, "true");
        } catch (RuntimeException e) {
            // a SecurityManager: other class loaders cannot be told; this one knows (loaded)
        }
        if (problems == null) return null;
        for (String check : ALL_CHECKS) {
            if (problems.startsWith(check + " (") || problems.contains("; " + check + " (")) checksOff.add(check);
        }
        return "gilguard: native checks off: " + problems;
    }

    /**
     * A new directory only this user may enter, as {@code Files.createTempDirectory} makes, but
     * named without {@code SecureRandom}, whose seeding was a good part of the agent's start-up:
     * the name needs to be new, not secret, and creating it fails rather than reuse a directory
     * someone else made.
     */
    private static Path privateDirectory(Path parent) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path dir = parent.resolve("gilguard-" + Long.toHexString(System.nanoTime()));
            try {
                return Files.createDirectory(dir,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                if (attempt == 100) {
                    throw taken;
                }
            }
        }
    }

    /**
     * {@code System.load}, without the restricted-method warning of JDK 24+ where it can: the
     * agent defines this class in the boot loader (whose native methods bind without a check)
     * and exports java.base's {@code jdk.internal.loader} to it, so it can call, straight, what
     * {@code System.load} calls for a boot class after its check. Failing that link (another JDK's
     * internals), the same through reflection, java.lang being open to it too: on JDK 25 that
     * reflection spun method handles, some 4 ms of every start-up. Anywhere else (a test on the
     * class path) it is {@code System.load} itself.
     */
    private static void loadLibrary(Path file) throws Throwable {
        if (NativeHooks.class.getClassLoader() == null && loadedByBootLibraries(file)) {
            return;
        }
        java.lang.reflect.Method load0;
        try {
            load0 = Runtime.class.getDeclaredMethod("load0", Class.class, String.class);
            load0.setAccessible(true);
        } catch (RuntimeException | NoSuchMethodException e) { // not opened to this module
            System.load(file.toString());
            return;
        }
        try {
            load0.invoke(Runtime.getRuntime(), NativeHooks.class, file.toString());
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * Through the boot loader's own libraries: false where java.base's internals cannot be linked
     * (not exported to this module, or another JDK's); a library that cannot be loaded is an
     * {@code UnsatisfiedLinkError}, as from {@code System.load}.
     */
    private static boolean loadedByBootLibraries(Path file) {
        Object loaded;
        try {
            loaded = BootLoader.getNativeLibraries().loadLibrary(NativeHooks.class, file.toFile());
        } catch (IllegalAccessError | NoSuchMethodError | NoClassDefFoundError e) {
            return false;
        }
        if (loaded == null) {
            throw new UnsatisfiedLinkError("Can't load library: " + file);
        }
        return true;
    }

    private static void deleteOrAtExit(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException | RuntimeException e) {
            path.toFile().deleteOnExit();
        }
    }

    private static void markAllOff() {
        for (String check : ALL_CHECKS) checksOff.add(check);
    }

    private static String allOff(String why) {
        return "gilguard: native checks off (" + String.join(", ", ALL_CHECKS) + "): " + why;
    }

    private static String oneLine(Throwable t) {
        String m = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        return m.replace('\n', ' ').replace('\r', ' ');
    }

    /** Whether {@link #load} succeeded at least partly in this class loader. */
    public static boolean isLoaded() {
        return loaded;
    }

    /** Whether a check ({@code CHECK_*}) is loaded and on. */
    public static boolean isOn(String check) {
        return loaded && !checksOff.contains(check);
    }

    /**
     * How many JNI {@code MonitorEnter}s the current thread has made (since {@link #load}) and not
     * yet matched with a {@code MonitorExit}, reentries included. 0 if the jni-monitors check is
     * off. One JNI call (about 10 ns); {@link JniRecord#DEPTH} is cheaper on a hot path.
     * Only call it once {@code load} has loaded the library ({@link #isLoaded}); before, it throws
     * {@link UnsatisfiedLinkError}.
     */
    public static native int jniMonitorDepth();

    /**
     * For each monitor, the number the record's {@link JniRecord#SITE} held when the current
     * thread entered it through JNI (its entry in the record); 0 where it was none, or the monitor is
     * not in the record. A JNI call and an exact search per monitor: for reports, such as those
     * of {@link Listener#threadEnding} (on the ending thread, whose record is still there) and of
     * {@link #jniMonitorsSince}.
     */
    public static int[] jniMonitorSites(Object[] monitors) {
        if (monitors.length == 0 || !isOn(CHECK_JNI_MONITORS)) return new int[monitors.length];
        int[] sites = jniMonitorSites0(monitors);
        return sites == null ? new int[monitors.length] : sites;
    }

    private static native int[] jniMonitorSites0(Object[] monitors);

    /**
     * The monitors the current thread holds through JNI {@code MonitorEnter} that it entered
     * since it read {@code seq} and {@code depthBefore} from its record ({@link JniRecord#SEQ},
     * {@link JniRecord#DEPTH}), and still owns: what a downcall that began there kept.
     * Oldest first, each once; an empty array if none or if the jni-monitors check is off.
     *
     * <p>A monitor counts as entered since then if the thread did not hold it then (also when
     * it exited, meanwhile, one it held then: same depth, different monitor), or if it held it
     * then and holds it more times now: depth grew by more than the new monitors account for,
     * and the monitor was entered again since then (if several were, each is named; one may
     * have been entered and exited again). A monitor held then, exited fully and entered again
     * (swapped back) is not new. Limits: the record knows a monitor's earlier holds only while it
     * is among the 4 monitors most recently exited fully (a monitor held then, released and
     * re-entered after 4 others were released counts as new), and only the last 3 of them (a
     * monitor released and re-entered more than 3 times since then counts as held then); an
     * exchange of reentries among monitors all held then (exit one, enter another once more;
     * same depth) is not seen; fewer than 2^32 changes of the sequence number may separate the
     * two reads.
     *
     * <p>For the slow path (a JNI call; an array when something was kept): call it only when
     * the sequence number changed and the depth is above 0.
     */
    public static Object[] jniMonitorsSince(int seq, int depthBefore) {
        if (!isOn(CHECK_JNI_MONITORS)) return NONE;
        Object[] monitors = jniMonitorsSince0(seq, depthBefore);
        return monitors == null ? NONE : owned(monitors);
    }

    private static final Object[] NONE = new Object[0];

    /** The monitors the current thread owns, in order; the same array if it owns them all. */
    private static Object[] owned(Object[] monitors) {
        int owned = 0;
        for (Object m : monitors) if (Thread.holdsLock(m)) monitors[owned++] = m;
        return owned < monitors.length ? Arrays.copyOf(monitors, owned) : monitors;
    }

    /**
     * Gives each monitor, as the current thread's record holds it, its node in a lock-order graph
     * ({@code nodes[i]} for {@code monitors[i]}; negative: none). The record keeps it with the
     * entry and hands it on to the object's next entry, and sums up the nodes of the entries
     * held in the record ({@link JniRecord#NODES_LOW}, {@link JniRecord#NODES_HIGH}: one bit per
     * node; {@link JniRecord#UNTOLD}: entries whose node is not set yet): a caller that sets
     * them once reads what is held from then on without a JNI call.
     */
    public static void jniMonitorNodes(Object[] monitors, int[] nodes) {
        jniMonitorNodes0(monitors, nodes);
    }

    private static native void jniMonitorNodes0(Object[] monitors, int[] nodes);

    /**
     * Starts a new generation of lock-order nodes (the caller's graph was defined anew, and its
     * numbers mean other things): every node set by {@link #jniMonitorNodes} before counts as not
     * set, and the record's {@link JniRecord#GENERATION} is the generation its sum of nodes was
     * made in, to compare with this number. Returns the
     * new generation; 0 if the jni-monitors check is off.
     */
    public static int newJniMonitorNodes() {
        return isOn(CHECK_JNI_MONITORS) ? newJniMonitorNodes0() : 0;
    }

    private static native int newJniMonitorNodes0();

    /**
     * The monitors the current thread entered through JNI {@code MonitorEnter} (after
     * {@link #load}) and has not exited, oldest first, each once, among those it still owns; an
     * empty array if none or if the jni-monitors check is off. For the slow path (a JNI call, an
     * array): a hot path reads the record's {@link JniRecord#DEPTH} and calls this only when it
     * says something is held.
     */
    public static Object[] jniMonitors() {
        if (!isOn(CHECK_JNI_MONITORS)) return new Object[0];
        Object[] monitors = jniMonitors0();
        if (monitors == null) return new Object[0];
        return owned(monitors);
    }

    private static native Object[] jniMonitors0();

    private static native Object[] jniMonitorsSince0(int seq, int depthBefore);

    private static native String init0(boolean fastIdentityGc);

    /** Turns on the comparison without a JVM transition, which init0 was told not to; once. */
    private static native void startFastIdentity0();

    /** Whether the JNI monitor record compares objects without a JVM transition (G1 only). For tests and benchmarks. */
    static native boolean fastIdentity0();

    /** Whether virtual threads that end are reported (JVMTI VirtualThreadEnd, JDK 21+). For tests. */
    static native boolean virtualThreadEnd0();

    /** Hears each call native code makes into Java through JNI's {@code Call*Method*} (learn mode). */
    @FunctionalInterface
    public interface UpcallListener {
        /**
         * On the calling thread, before ({@code returning} false) and after the Java method runs;
         * {@code method} is its {@code jmethodID}, for {@link #methodOf}; {@code receiver} the
         * object it is called on (null for a static method). Must be quick and never throw.
         */
        void upcall(long method, Object receiver, boolean returning);
    }

    private static volatile UpcallListener upcalls;

    /**
     * Wraps JNI's {@code Call*Method*} functions so that {@code l} hears every upcall from now on.
     * Costs a call into Java per upcall: for learn mode, not for checking. Returns null, or why not.
     */
    public static String watchUpcalls(UpcallListener l) {
        synchronized (NativeHooks.class) {
            if (!loaded) {
                return "native hooks not loaded";
            }
            upcalls = l;
            try {
                return installCalls0();
            } catch (Throwable t) {
                return oneLine(t);
            }
        }
    }

    /**
     * {@code {Class declaring, String name, String descriptor, Integer modifiers}} of a method an
     * {@link UpcallListener} was given, or null when the JVM cannot tell any more.
     */
    public static Object[] methodOf(long method) {
        return loaded ? methodOf0(method) : null;
    }

    /** After {@link #watchUpcalls}: the wrappers stay (a JNI table is not put back under other wrappers), silent. */
    public static void unwatchUpcalls() {
        synchronized (NativeHooks.class) {
            upcalls = null;
            if (loaded) {
                stopCalls0();
            }
        }
    }

    private static native String installCalls0();

    private static native void stopCalls0();

    private static native Object[] methodOf0(long method);

    /**
     * Turns the monitor-contended check's JVMTI events on or off (off: the JVM posts nothing on
     * contended monitor entries). Returns null, or one line why it could not (the check is then off).
     */
    public static String monitorContention(boolean on) {
        if (!isOn(CHECK_MONITOR_CONTENDED)) {
            return "gilguard: native check " + CHECK_MONITOR_CONTENDED + " off";
        }
        String why = monitorContention0(on);
        if (why == null) return null;
        checksOff.add(CHECK_MONITOR_CONTENDED);
        return "gilguard: native check " + CHECK_MONITOR_CONTENDED + " off: " + why;
    }

    private static native String monitorContention0(boolean on);

    // ---- called from the native side --------------------------------------------------------

    private static void onThreadEnding(Thread thread, Object[] jniMonitors) {
        Listener l = listener;
        if (l == null) return;
        try {
            // The record is gilguard's; the JVM has the last word: at ThreadEnd no Java frame is
            // left, so what the dying thread still owns is what it entered through JNI.
            int owned = 0;
            for (Object m : jniMonitors) if (Thread.holdsLock(m)) jniMonitors[owned++] = m;
            if (owned < jniMonitors.length) jniMonitors = Arrays.copyOf(jniMonitors, owned);
            BeforeLoad.forget(thread);
            l.threadEnding(thread, jniMonitors);
        } catch (Throwable t) {
            listenerFailed(t);
        }
    }

    private static void onUpcall(long method, Object receiver, boolean returning) {
        UpcallListener l = upcalls;
        if (l == null) return;
        try {
            l.upcall(method, receiver, returning);
        } catch (Throwable t) {
            listenerFailed(t);
        }
    }

    private static void onUnpairedExit(Object monitor) {
        Listener l = listener;
        if (l == null) return;
        try {
            Thread current = Thread.currentThread();
            if (BeforeLoad.heldBeforeLoad(current, monitor)) return;
            l.unpairedMonitorExit(current, monitor);
        } catch (Throwable t) {
            listenerFailed(t);
        }
    }

    private static void onExitedAttached() {
        Listener l = listener;
        if (l == null) return;
        try {
            l.exitedAttached(Thread.currentThread());
        } catch (Throwable t) {
            listenerFailed(t);
        }
    }

    private static void onForeignEnv(String function, Thread owner, Thread user) {
        Listener l = listener;
        if (l == null) return;
        try {
            l.foreignEnv(function, owner, user);
        } catch (Throwable t) {
            listenerFailed(t);
        }
    }

    private static void onMonitorEntering(Object monitor) {
        Listener l = listener;
        if (l == null) return;
        try {
            Thread current = Thread.currentThread();
            // held already (synchronized, or entered before load): a reentry takes no new order
            if (Thread.holdsLock(monitor)) return;
            l.jniMonitorEntering(current, monitor);
        } catch (Throwable t) {
            listenerFailed(t);
        }
    }

    private static boolean onMonitorContended(Object monitor) {
        Listener l = listener;
        if (l == null) return false;
        try {
            return l.monitorContended(Thread.currentThread(), monitor);
        } catch (Throwable t) {
            listenerFailed(t);
            return false;
        }
    }

    private static void onMonitorEntered(Object monitor) {
        Listener l = listener;
        if (l == null) return;
        try {
            l.monitorEntered(Thread.currentThread(), monitor);
        } catch (Throwable t) {
            listenerFailed(t);
        }
    }

    private static void onCheckOff(String check, String reason) {
        checksOff.add(check);
        Listener l = listener;
        if (l == null) return;
        try {
            l.checkOff(check, reason);
        } catch (Throwable t) {
            listenerFailed(t);
        }
    }

    private static void listenerFailed(Throwable t) {
        if (listenerFailureShown) return;
        listenerFailureShown = true;
        try {
            // one write with its own line end, as every line of gilguard's (the runtime's Stderr)
            System.err.print("gilguard: NativeHooks.Listener threw (shown once, dropped): " + oneLine(t) + "\n");
            System.err.flush();
        } catch (Throwable ignored) {
            // nothing more to do
        }
    }

    /** What the JDK's management interface says about this JVM; optional (java.management may be absent). */
    private static final class Jvm {
        /**
         * Whether every pause that moves objects is bracketed by JVMTI GarbageCollectionStart/Finish,
         * which the native side needs to compare JNI references without a JVM transition. Checked
         * true for G1 on 17 and 25; false for Serial and Parallel on 17 (the full GCs of a heap dump
         * or live class histogram post no event) and for the concurrent collectors.
         */
        static boolean collectorBracketsAllMoves() {
            try {
                List<GarbageCollectorMXBean> collectors = collectors();
                if (collectors.isEmpty()) return false;
                for (GarbageCollectorMXBean c : collectors) {
                    if (!c.getName().startsWith("G1 ")) return false;
                }
                return !Boolean.getBoolean("io.gilguard.nativehooks.exactIdentity");
            } catch (LinkageError | RuntimeException e) {
                return false;
            }
        }

        /**
         * The JVM's collectors, from java.management's own helper when the agent has opened its
         * package to the native hooks: {@code ManagementFactory}'s look-up also makes each bean's
         * {@code ObjectName}, some 30 ms of CPU where the helper takes 3.
         */
        @SuppressWarnings("unchecked")
        private static List<GarbageCollectorMXBean> collectors() {
            try {
                return (List<GarbageCollectorMXBean>) Class.forName("sun.management.ManagementFactoryHelper")
                        .getMethod("getGarbageCollectorMXBeans").invoke(null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return ManagementFactory.getGarbageCollectorMXBeans();
            }
        }

        /** A daemon thread that asks, and turns the fast comparison on if the answer allows it. */
        static Thread askLater() {
            Thread t = new Thread("gilguard collector check") { // not a lambda (NoLambdaTest in test-apps)
                @Override
                public void run() {
                    if (collectorBracketsAllMoves()) {
                        startFastIdentity0();
                    }
                }
            };
            t.setDaemon(true);
            t.start();
            return t;
        }
    }

    /**
     * JNI monitors held when {@link #load} installed the wrappers, which the record cannot know:
     * the JVM lists them among a thread's locked monitors at stack depth -1 (held, but by no Java
     * frame). Taken once, in {@code load}; a MonitorExit of one of them is not unpaired. Keys are
     * "threadId:identityHash:className"; a thread's keys go when it ends. (Asking the JVM at each
     * such exit instead would mean a thread dump, a VM operation, from inside a JNI function.)
     */
    private static final class BeforeLoad {
        private static final Set<String> HELD = ConcurrentHashMap.newKeySet();

        static String key(long threadId, int identityHash, String className) {
            return threadId + ":" + identityHash + ":" + className;
        }

        /** Records the JNI monitors held now. Returns null, or why it could not. */
        static String snapshot() {
            try {
                for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, false)) {
                    if (info == null) continue;
                    for (MonitorInfo m : info.getLockedMonitors()) {
                        if (m.getLockedStackDepth() < 0) {
                            HELD.add(key(info.getThreadId(), m.getIdentityHashCode(), m.getClassName()));
                        }
                    }
                }
                return null;
            } catch (LinkageError | RuntimeException e) {
                return oneLine(e);
            }
        }

        /** Whether the current thread held monitor through JNI before load (it owns it now). */
        static boolean heldBeforeLoad(Thread thread, Object monitor) {
            return !HELD.isEmpty()
                    && HELD.contains(key(thread.getId(), System.identityHashCode(monitor), monitor.getClass().getName()))
                    && Thread.holdsLock(monitor);
        }

        static void forget(Thread thread) {
            if (HELD.isEmpty()) return;
            String prefix = thread.getId() + ":";
            HELD.removeIf(k -> k.startsWith(prefix));
        }
    }
}
