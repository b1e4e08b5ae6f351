/* mainloop: a signal emitted synchronously (on the caller's thread, which
 * holds the GIL) and a main loop on its own thread, glib-main (which does not). */
#include "gg_common.h"
#include "io_gilguard_apps_mainloop_MainLoop.h"

/* Calls listener.onSignal() on the calling thread, like GtkButton.clicked(). */
JNIEXPORT void JNICALL Java_io_gilguard_apps_mainloop_MainLoop_emitNow(JNIEnv *env, jclass cls,
                                                                      jobject listener)
{
    (void)cls;
    if (listener == NULL) {
        gg_throw(env, "emitNow: null listener", 0);
        return;
    }
    jclass lc = (*env)->GetObjectClass(env, listener);
    if (lc == NULL) {
        gg_throw(env, "GetObjectClass", 0);
        return;
    }
    jmethodID m = (*env)->GetMethodID(env, lc, "onSignal", "()V");
    if (m == NULL) {
        return; /* NoSuchMethodError pending */
    }
    /* an exception in the callback stays pending and is thrown on return */
    (*env)->CallVoidMethod(env, listener, m);
}

/* Runs a main loop on thread glib-main that delivers n signals, and returns
 * when it has finished, like gtk.main() until the last window closes. */
JNIEXPORT void JNICALL Java_io_gilguard_apps_mainloop_MainLoop_runLoop(JNIEnv *env, jclass cls,
                                                                      jobject listener, jint n)
{
    (void)cls;
    gg_run_threads(env, listener, "onSignal", "glib-main", 0, 1, n);
}
