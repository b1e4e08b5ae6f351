package io.gilguard.apps.enforce;

/** An upcall that returns holding the GIL (audit gil): LEAKED_AT_RETURN, found after the call. */
final class Leaky {
    void onEvent() {
        Engine.GIL.lock(); // @site:enf-leaky
    }
}
