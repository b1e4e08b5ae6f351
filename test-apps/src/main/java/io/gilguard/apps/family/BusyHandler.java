package io.gilguard.apps.family;

/** What native code calls while the database is busy (as sqlite-jdbc's busy handler). */
public interface BusyHandler {
    void onBusy();
}
