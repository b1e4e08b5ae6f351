package io.gilguard.rules;

/**
 * What gilguard does at a violation that has a violating call: {@code audit} reports it and lets
 * the call go on; {@code enforce} reports it and throws at the call, before the call does its
 * harm. Chosen for the whole run by the {@code mode} option, and per rule by a last word
 * {@code enforce} or {@code audit} on the rule's line.
 */
public enum Mode {
    AUDIT,
    ENFORCE;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The mode a rule runs in: its own word if it has one ({@code own} not null), else the run's. */
    public static Mode of(Mode own, Mode run) {
        return own != null ? own : run;
    }
}
