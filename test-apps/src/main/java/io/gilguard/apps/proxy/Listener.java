package io.gilguard.apps.proxy;

/** Called back from native threads; public, so that its proxy class is jdk.proxyN.$ProxyM on JDK 16+. */
public interface Listener {
    void onEvent();
}
