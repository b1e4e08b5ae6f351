package io.gilguard.report;

import io.gilguard.rules.BuiltinSets;
import io.gilguard.runtime.Learning;
import io.gilguard.runtime.Seen;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What learn mode leaves out of the file it writes, and says so: a library's own boundaries and
 * locks where gilguard carries a rule set for it (JNA's {@code Native#invoke*}, sqlite-jdbc's
 * {@code NativeDB} monitor: {@code rules=builtin:NAME} names them, checked on the real
 * library), and the calls through interface proxies (JNA's {@code Native.load}), which the file
 * lists by their C symbols ({@code native:NAME}).
 */
final class Libraries {
    /** Per built-in set: boundaries and locks of its library left to it. */
    private final Map<String, int[]> left = new TreeMap<>();
    private int proxies;

    /** Whether the boundary {@code named} ({@code C#m} or {@code native:SYMBOL}) is left out; counted if so. */
    boolean leaves(String named, Seen seen, boolean downcall) {
        if (named.startsWith("native:")) {
            return false;
        }
        String type = named.substring(0, named.indexOf('#'));
        if (type.contains("$Proxy")) {
            proxies++;
            return true;
        }
        if (jdk(type)) {
            return true; // a JDK native called from the application's code, seen at its call site after an attach
        }
        return count(type, downcall ? 0 : 1);
    }

    /** Whether the class of a thread-state candidate is a library's that has a set. */
    boolean leavesState(String className) {
        return BuiltinSets.libraryOf(className) != null;
    }

    /** Whether the lock of {@code form} is a library's that has a set: left to the set. */
    boolean leavesLock(int form) {
        String text = Learning.formName(form);
        String rest = text.substring(text.indexOf(' ') + 1);
        return count(text.startsWith("monitor ") ? rest : rest.substring(0, rest.lastIndexOf('.')), 2);
    }

    private boolean count(String type, int what) {
        String set = BuiltinSets.libraryOf(type);
        if (set == null) {
            return false;
        }
        left.computeIfAbsent(set, s -> new int[3])[what]++;
        return true;
    }

    /** Whether the JDK defines {@code type} (the boot or the platform class loader). */
    private static boolean jdk(String type) {
        try {
            Class<?> c = Class.forName(type, false, ClassLoader.getPlatformClassLoader());
            return c.getClassLoader() == null || c.getClassLoader() == ClassLoader.getPlatformClassLoader();
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The lines that say what was left out, and how to check it. */
    List<String> said() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, int[]> e : left.entrySet()) {
            int[] n = e.getValue();
            lines.add("# " + e.getKey() + "'s own boundaries and locks (" + Words.plural(n[0], "native method") + ", "
                    + Words.plural(n[1], "callback") + " into it, " + Words.plural(n[2], "lock")
                    + ") are left to its built-in set: use rules=builtin:" + e.getKey() + "+THIS_FILE");
        }
        if (proxies > 0) {
            lines.add("# " + Words.plural(proxies, "interface method") + " called through proxies (JNA's Native.load): listed by their C symbols (native:)");
        }
        return lines;
    }
}
