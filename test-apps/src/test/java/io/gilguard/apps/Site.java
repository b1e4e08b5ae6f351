package io.gilguard.apps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An expected code location. Lines come from "// @site:NAME" markers in the app sources,
 * so the tests follow the sources when they change.
 */
final class Site {
    final String className;
    final String method;
    final String file;
    final long line;

    private Site(String className, String method, String file, long line) {
        this.className = className;
        this.method = method;
        this.file = file;
        this.line = line;
    }

    /** The line marked "// @site:marker" in io/gilguard/apps/SCENARIO/SIMPLENAME.java, inside METHOD. */
    static Site marked(String scenario, String simpleName, String method, String marker) {
        return marked("src/main/java", scenario, simpleName, method, marker);
    }

    /** As {@link #marked(String, String, String, String)}, in a test source (an app that uses a real library). */
    static Site markedInTest(String scenario, String simpleName, String method, String marker) {
        return marked("src/test/java", scenario, simpleName, method, marker);
    }

    /** As {@link #marked(String, String, String, String)}, in the sources of JDK 22+ (src/ffm/java). */
    static Site markedInFfm(String scenario, String simpleName, String method, String marker) {
        return marked("src/ffm/java", scenario, simpleName, method, marker);
    }

    /** As {@link #marked(String, String, String, String)}, in the JUnit tests run under the agent (src/junitsample/java). */
    static Site markedInJunitSample(String scenario, String simpleName, String method, String marker) {
        return marked("src/junitsample/java", scenario, simpleName, method, marker);
    }

    /** A line of a library's class, as its class file names it. */
    static Site library(String className, String method, String file, long line) {
        return new Site(className, method, file, line);
    }

    private static Site marked(String root, String scenario, String simpleName, String method, String marker) {
        String file = simpleName.replaceAll("\\$.*", "") + ".java";
        Path source = Harness.MODULE.resolve(root).resolve("io/gilguard/apps").resolve(scenario).resolve(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int found = -1;
        for (int n = 0; n < lines.size(); n++) {
            if (lines.get(n).endsWith("// @site:" + marker)) {
                if (found != -1) {
                    throw new AssertionError("marker @site:" + marker + " twice in " + source);
                }
                found = n + 1;
            }
        }
        if (found == -1) {
            throw new AssertionError("marker @site:" + marker + " not found in " + source);
        }
        return new Site("io.gilguard.apps." + scenario + "." + simpleName, method, file, found);
    }

    /** A native method: no line. */
    static Site nativeMethod(String scenario, String simpleName, String method) {
        return new Site("io.gilguard.apps." + scenario + "." + simpleName, method, simpleName + ".java", -1);
    }

    /** Any class's native method: no line. */
    static Site nativeMethod(String className, String method) {
        return new Site(className, method, className.substring(className.lastIndexOf('.') + 1) + ".java", -1);
    }

    /** A method of a class generated at run time (a {@code java.lang.reflect.Proxy} class): no file, no line. */
    static Site generated(String className, String method) {
        return new Site(className, method, null, -1);
    }

    /** The report's form of a site. */
    Map<String, Object> json() {
        Map<String, Object> json = new HashMap<>();
        json.put("class", className);
        json.put("method", method);
        json.put("file", file);
        json.put("line", line);
        return json;
    }

    /** The stderr form, like a stack trace element. */
    @Override
    public String toString() {
        return className + "." + method + "(" + (file == null ? "Unknown Source" : file) + (line == -1 ? "" : ":" + line) + ")";
    }
}
