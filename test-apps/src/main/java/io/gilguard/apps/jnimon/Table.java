package io.gilguard.apps.jnimon;

/** A monitor object of its own class, so that reports about it can be told apart: jni-worker leaks its monitor and then ends. */
final class Table {
}
