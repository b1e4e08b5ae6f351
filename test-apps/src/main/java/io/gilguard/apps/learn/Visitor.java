package io.gilguard.apps.learn;

/** Called back on the Java thread that is inside Native.callBack. */
public interface Visitor {
    void visit();
}
