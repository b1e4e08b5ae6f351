package io.gilguard.runtime;

/** Where a new violation or finding goes as soon as it is first seen. */
public interface Sink {
    /** Called once per distinct violation, on the thread that broke the rule. Must not throw. */
    void first(Violation violation);
}
