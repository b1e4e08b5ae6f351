package io.gilguard.apps.jnimon;

/** A monitor object of its own class, so that reports about it can be told apart: an error path leaks it. */
final class Journal {
}
