package io.gilguard.apps.jnimon;

/** A monitor object of its own class, so that reports about it can be told apart: main leaks its monitor through enterOnly. */
final class Resource {
}
