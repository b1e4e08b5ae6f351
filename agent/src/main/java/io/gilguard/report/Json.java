package io.gilguard.report;

import io.gilguard.runtime.Sites;

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
}
