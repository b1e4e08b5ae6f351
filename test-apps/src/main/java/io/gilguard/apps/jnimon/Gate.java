package io.gilguard.apps.jnimon;

/** A monitor object of its own class: jni-swapper takes its monitor through NativeLock, and a native method swaps it for a Cursor's. */
final class Gate {
}
