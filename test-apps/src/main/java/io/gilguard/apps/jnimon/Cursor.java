package io.gilguard.apps.jnimon;

/** A monitor object of its own class, so that reports about it can be told apart: swap enters its monitor in place of the Gate's and returns holding it. */
final class Cursor {
}
