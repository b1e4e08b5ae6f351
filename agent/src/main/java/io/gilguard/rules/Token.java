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
}
