package io.gilguard.instrument;

/**
 * When classes are instrumented. At start-up they are changed as they load, and may gain
 * members (a native method's wrapper, an owned state's fields). At attach they are already
 * loaded: none may change its shape, so that detach can give each its own bytecode back.
 */
public enum Phase {
    STARTUP,
    ATTACH
}
