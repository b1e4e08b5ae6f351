package io.gilguard.apps.restore;

/**
 * The seed's boost.python call policy: precall() lets the GIL go before a C++ function runs,
 * postcall() takes it back after.
 */
interface CallPolicy {
    void precall();

    void postcall();
}
