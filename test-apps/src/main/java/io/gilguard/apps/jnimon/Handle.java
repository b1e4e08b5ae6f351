package io.gilguard.apps.jnimon;

/** A monitor object of its own class, so that reports about it can be told apart: its monitor is exited without being entered. */
final class Handle {
}
