package io.gilguard.runtime;

import java.lang.reflect.Field;

/**
 * What learn mode counts a JNI upcall under: its {@code jmethodID}, except where a library's
 * dispatcher stands between native code and the application's callback. JNA calls every
 * callback through {@code CallbackReference$DefaultCallbackProxy.callback(Object[])}: its field
 * {@code callbackMethod} is the application's method (a {@code java.lang.reflect.Method}).
 */
final class UpcallKeys {
    private static final String JNA_PROXY = "com.sun.jna.CallbackReference$DefaultCallbackProxy";
    private static volatile Class<?> jnaProxy;
    private static volatile Field jnaMethod;

    private UpcallKeys() {}

    /** A {@code Long} (the method id) or a {@code java.lang.reflect.Method} (the callback behind a dispatcher). */
    static Object of(long method, Object receiver) {
        if (receiver != null) {
            Class<?> c = receiver.getClass();
            if (c == jnaProxy || jnaProxy == null && c.getName().equals(JNA_PROXY) && found(c)) {
                try {
                    Object callback = jnaMethod.get(receiver);
                    if (callback != null) {
                        return callback;
                    }
                } catch (IllegalAccessException | RuntimeException e) {
                    // counted under the dispatcher's own method
                }
            }
        }
        return method;
    }

    private static synchronized boolean found(Class<?> proxy) {
        try {
            Field f = proxy.getDeclaredField("callbackMethod");
            f.setAccessible(true);
            jnaMethod = f;
            jnaProxy = proxy;
            return true;
        } catch (NoSuchFieldException | RuntimeException e) {
            return false;
        }
    }
}
