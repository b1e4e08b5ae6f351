package io.gilguard.apps.learn;

import java.util.concurrent.locks.ReentrantLock;

public final class Engine {
    public static final ReentrantLock GIL = new ReentrantLock();

    private Engine() {
    }
}
