package io.gilguard.report;

/**
 * XML 1.0 text, written by hand (the agent carries no XML library). Thread names, lock labels and
 * notes come from the application and may hold anything: markup characters are escaped, and a
 * character XML 1.0 cannot carry at all, not even as a reference (a control character other than
 * tab, LF and CR, a lone surrogate, U+FFFE, U+FFFF), is written as the six characters
 * {@code \}{@code uXXXX}, so that the file still parses and the name is still readable.
 */
final class Xml {
    private Xml() {}

    /** Element content. {@code >} is always escaped, so that no {@code ]]>} appears in it. */
    static String text(String s) {
        return escape(s, false);
    }

    /**
     * An attribute value, for double quotes. Tab, LF and CR are written as references: a parser
     * turns them, written as they are, into spaces (attribute-value normalisation).
     */
    static String attribute(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean attribute) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': b.append("&amp;"); continue;
                case '<': b.append("&lt;"); continue;
                case '>': b.append("&gt;"); continue;
                case '"': b.append(attribute ? "&quot;" : "\""); continue;
                case '\'': b.append(attribute ? "&apos;" : "'"); continue;
                case '\t': b.append(attribute ? "&#9;" : "\t"); continue;
                case '\n': b.append(attribute ? "&#10;" : "\n"); continue;
                // a parser turns CR LF, and a lone CR, into LF: a reference keeps it
                case '\r': b.append("&#13;"); continue;
                default:
                    break;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else if (c < 0x20 || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
