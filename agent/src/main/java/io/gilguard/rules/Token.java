package io.gilguard.rules;

import java.util.ArrayList;
import java.util.List;

/** A word of a rules line and the column it starts at (1-based). */
final class Token {
    final String text;
    final int column;

    private Token(String text, int column) {
        this.text = text;
        this.column = column;
    }

    /**
     * Splits a line into words. {@code =} and {@code /} are words of their own; a parameter list
     * in parentheses stays in its word, spaces included; a {@code #} that starts a word starts a
     * comment (inside a word it separates class and method).
     */
    static List<Token> split(String line) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                break;
            } else if (c == '=' || c == '/') {
                tokens.add(new Token(String.valueOf(c), i + 1));
                i++;
            } else {
                int start = i;
                int depth = 0;
                while (i < line.length()) {
                    char d = line.charAt(i);
                    if (depth == 0 && (Character.isWhitespace(d) || d == '=' || d == '/')) {
                        break;
                    }
                    if (d == '(') {
                        depth++;
                    } else if (d == ')') {
                        depth--;
                    }
                    i++;
                }
                tokens.add(new Token(line.substring(start, i), start + 1));
            }
        }
        return tokens;
    }

    /**
     * The words of a token rule with {@code ->} a word of its own, so that {@code save()->restore(*)}
     * reads like {@code save() -> restore(*)} (a '-' may not start a word otherwise).
     */
    static List<Token> splitArrows(List<Token> words) {
        List<Token> out = new ArrayList<>();
        for (Token w : words) {
            String text = w.text;
            int from = 0;
            int arrow = text.indexOf("->");
            while (arrow >= 0 && !text.equals("->")) {
                if (arrow > from) {
                    out.add(new Token(text.substring(from, arrow), w.column + from));
                }
                out.add(new Token("->", w.column + arrow));
                from = arrow + 2;
                arrow = text.indexOf("->", from);
            }
            if (text.equals("->")) {
                out.add(w);
            } else if (from < text.length()) {
                out.add(new Token(text.substring(from), w.column + from));
            }
        }
        return out;
    }

    /** The spans {@code [start, end)} of {@code text[from, to)} between commas outside parentheses. */
    static List<int[]> topLevelParts(String text, int from, int to) {
        List<int[]> parts = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(new int[] {start, i});
                start = i + 1;
            }
        }
        parts.add(new int[] {start, to});
        return parts;
    }
}
