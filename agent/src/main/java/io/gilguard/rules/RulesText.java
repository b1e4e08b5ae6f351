package io.gilguard.rules;

/** One source of rules: its name as errors and reports give it (a path, {@code builtin:NAME}) and its text. */
public record RulesText(String name, String text) {}
