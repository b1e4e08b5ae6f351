package io.gilguard.report;

import io.gilguard.runtime.Sites;
import java.util.List;

/** JSON text, written by hand: the report is small and flat, and the agent carries no JSON library. */
final class Json {
    private Json() {}

    static String string(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }

    /** {@code {"class":..,"method":..,"file":..,"line":..}}, or null for site 0. */
    static String site(int site) {
        if (site <= 0) {
            return "null";
        }
        return "{\"class\":" + string(Sites.className(site)) + ",\"method\":" + string(Sites.method(site))
                + ",\"file\":" + string(Sites.file(site)) + ",\"line\":" + Sites.line(site) + "}";
    }

    /** {@code ["CLASS.METHOD(FILE:LINE)", ...]}: a stack as Java prints its frames. */
    static String frames(StackTraceElement[] stack) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < stack.length; i++) {
            b.append(i == 0 ? "" : ",").append(string(stack[i].toString()));
        }
        return b.append(']').toString();
    }

    /**
     * {@code {"k1":v1,"k2":v2}} from keys and values already written as JSON; a pair whose value
     * is null is left out (SARIF leaves out what does not apply).
     */
    static String object(String... pairs) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                b.append(b.length() == 1 ? "" : ",").append(string(pairs[i])).append(':').append(pairs[i + 1]);
            }
        }
        return b.append('}').toString();
    }

    /** {@code [v1,v2]} from values already written as JSON. */
    static String array(List<String> values) {
        return "[" + String.join(",", values) + "]";
    }
}
