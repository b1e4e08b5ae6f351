package io.gilguard.maven;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.logging.SystemStreamLog;

/** A mojo's log, kept: each line as {@code LEVEL text}. */
final class Said extends SystemStreamLog {
    final List<String> lines = new ArrayList<>();

    @Override
    public void debug(CharSequence content) {
        lines.add("DEBUG " + content);
    }

    @Override
    public void info(CharSequence content) {
        lines.add("INFO " + content);
    }

    @Override
    public void warn(CharSequence content) {
        lines.add("WARN " + content);
    }

    boolean has(String level, String part) {
        return lines.stream().anyMatch(l -> l.startsWith(level + " ") && l.contains(part));
    }
}
