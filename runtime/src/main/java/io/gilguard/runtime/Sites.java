package io.gilguard.runtime;

import java.util.HashMap;
import java.util.Map;

/**
 * The code locations gilguard can name in a report, numbered once at instrumentation time so
 * that the hot path carries an int and never a stack trace. Number 0 means "no site".
 */
public final class Sites {
    private static final Map<String, Integer> NUMBERS = new HashMap<>();
    private static String[] classes = new String[256];
    private static String[] methods = new String[256];
    private static String[] files = new String[256];
    private static int[] lines = new int[256];
    private static int count = 1;

    private Sites() {}

    /**
     * Returns the number of a site, the same number for the same location (a retransformed class
     * keeps its numbers). {@code line} is -1 where there is none (a native method).
     */
    public static synchronized int register(String className, String method, String file, int line) {
        String key = className + '#' + method + ':' + line;
        Integer known = NUMBERS.get(key);
        if (known != null) {
            return known;
        }
        if (count == classes.length) {
            int n = count * 2;
            classes = java.util.Arrays.copyOf(classes, n);
            methods = java.util.Arrays.copyOf(methods, n);
            files = java.util.Arrays.copyOf(files, n);
            lines = java.util.Arrays.copyOf(lines, n);
        }
        int id = count++;
        classes[id] = className;
        methods[id] = method;
        files[id] = file;
        lines[id] = line;
        NUMBERS.put(key, id);
        return id;
    }

    public static synchronized String className(int site) {
        return valid(site) ? classes[site] : null;
    }

    public static synchronized String method(int site) {
        return valid(site) ? methods[site] : null;
    }

    public static synchronized String file(int site) {
        return valid(site) ? files[site] : null;
    }

    public static synchronized int line(int site) {
        return valid(site) ? lines[site] : -1;
    }

    /** {@code Class.method(File.java:LINE)}, as a stack trace would print it. */
    public static synchronized String format(int site) {
        if (!valid(site)) {
            return "(unknown site)";
        }
        String where = files[site] == null ? "Unknown Source" : files[site];
        if (lines[site] >= 0) {
            where += ":" + lines[site];
        }
        return classes[site] + '.' + methods[site] + '(' + where + ')';
    }

    private static boolean valid(int site) {
        return site > 0 && site < count;
    }
}
