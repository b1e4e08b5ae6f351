package io.gilguard.maven;

import java.util.Map;

/** A code location of a report, {@code {"class", "method", "file", "line"}}; line -1: none (a native method). */
record Site(String className, String method, String file, long line) {

    /** The site a report's JSON value gives, null for {@code null}. */
    static Site of(Object json) {
        if (!(json instanceof Map<?, ?> map)) {
            return null;
        }
        Object line = map.get("line");
        return new Site(text(map.get("class")), text(map.get("method")), text(map.get("file")),
                line instanceof Number n ? n.longValue() : -1);
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }

    /** As a stack trace writes it, and as the agent's lines do: {@code C.m(File.java:12)}. */
    @Override
    public String toString() {
        String where = file == null ? "Unknown Source" : file;
        if (line >= 0) {
            where += ":" + line;
        }
        return className + '.' + method + '(' + where + ')';
    }
}
