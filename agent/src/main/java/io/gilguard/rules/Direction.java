package io.gilguard.rules;

/** Which way a boundary crosses. */
public enum Direction {
    /** Java calls native code: the rule names {@code native} methods of a class. */
    DOWNCALL,
    /** Native code calls Java: the rule names methods of a class and of every class that extends or implements it. */
    UPCALL
}
