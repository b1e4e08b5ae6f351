package io.gilguard.apps.jna;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/** Direct mapping: JNA binds each native method to the C function of the same name. */
public final class Direct {
    static {
        Native.register(Direct.class, NativeLibrary.getInstance(AppLibrary.PATH));
    }

    private Direct() {
    }

    public static native int gg_sum(int a, int b);

    /** A callback through direct mapping: JNA calls its method without its DefaultCallbackProxy. */
    public static native void gg_run_threads(Listener listener, int threads, int calls);
}
