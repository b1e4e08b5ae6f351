package io.gilguard.apps.jnicycle;

/** Native state whose C code guards it with the table's own monitor, entered through JNI MonitorEnter. */
public final class Table {
}
