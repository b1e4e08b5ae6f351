package io.gilguard.nativehooks;

import com.sun.jna.Callback;
import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.File;

/** JNA callbacks on native threads (scenario "jna-callback-thread"). */
final class JnaThreads {
    private JnaThreads() {}

    public interface Lib extends Library {
        interface Cb extends Callback {
            void invoke();
        }

        int gg_call_on_native_thread(Cb cb);
    }

    /**
     * Once with JNA detaching the thread after the callback, once with JNA keeping it attached
     * (it then detaches it from its own pthread key destructor when the thread exits): neither is
     * a thread that exits attached.
     */
    static void run() {
        String path = new File(System.getProperty("java.library.path"), "libggtest.so").getAbsolutePath();
        Lib lib = Native.load(path, Lib.class);
        for (boolean detach : new boolean[] {true, false}) {
            Lib.Cb cb = () -> Scenario.out("callback on " + Thread.currentThread().getName());
            Native.setCallbackThreadInitializer(cb,
                    new CallbackThreadInitializer(true, detach, detach ? "gg-jna-detach" : "gg-jna-keep"));
            Scenario.out("rc " + lib.gg_call_on_native_thread(cb));
        }
    }
}
