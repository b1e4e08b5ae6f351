package io.gilguard.apps.detach;

/** Called back from native threads. */
interface Listener {
    /** From native-cb, attached for the one call. */
    void onEvent();

    /** From jna-cb, attached anew for each call; call counts from 0 to calls - 1. */
    void onCall(int call, int calls);

    /** How many callbacks came, on how many distinct java.lang.Thread objects. */
    String seen();
}
