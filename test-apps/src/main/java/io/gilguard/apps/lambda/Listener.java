package io.gilguard.apps.lambda;

/** Called back from native threads; the application implements it with lambdas, as real callback APIs are used. */
public interface Listener {
    void onEvent();
}
