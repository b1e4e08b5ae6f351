package io.gilguard.apps.enforce;

/** An upcall that requires the GIL (require gil). */
final class Callback {
    static int runs;

    void onEvent() {
        runs++; // @site:enf-callback
    }
}
