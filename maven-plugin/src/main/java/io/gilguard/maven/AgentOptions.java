package io.gilguard.maven;

import java.io.File;
import java.util.List;
import java.util.StringJoiner;

/**
 * The options after {@code gilguard.jar=}: {@code key=value} pairs separated by commas, as the
 * agent reads them. A value cannot hold a comma (the agent would split it there), so one that
 * does is refused here, at build time, rather than by the agent in every test JVM.
 */
final class AgentOptions {
    private final StringJoiner pairs = new StringJoiner(",");

    /** {@code key=value}; nothing for a null or empty value. */
    AgentOptions add(String key, String value) {
        if (value != null && !value.isEmpty()) {
            if (value.indexOf(',') >= 0) {
                throw new IllegalArgumentException("gilguard: " + key + "=" + value + " has a comma, which separates the agent's options");
            }
            pairs.add(key + "=" + value);
        }
        return this;
    }

    /** {@code key=ABSOLUTE_PATH}: the test JVMs start in another directory than Maven. */
    AgentOptions add(String key, File file) {
        return file == null ? this : add(key, file.getAbsolutePath());
    }

    /** {@code key=DIR:DIR...}, each absolute; a folder that has the separator in its name is refused. */
    AgentOptions add(String key, List<File> dirs) {
        StringJoiner joined = new StringJoiner(File.pathSeparator);
        for (File dir : dirs) {
            String path = dir.getAbsolutePath();
            if (path.contains(File.pathSeparator)) {
                throw new IllegalArgumentException("gilguard: " + key + " cannot hold " + path + " (it has '" + File.pathSeparator + "', which separates them)");
            }
            joined.add(path);
        }
        return add(key, joined.toString());
    }

    /** More options, written as the agent reads them ({@code stacks=4,longHold=200}). */
    AgentOptions addAll(String options) {
        if (options != null && !options.isBlank()) {
            pairs.add(options.strip());
        }
        return this;
    }

    @Override
    public String toString() {
        return pairs.toString();
    }
}
