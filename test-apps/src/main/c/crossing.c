/* crossing: native threads native-cb-0..N-1 call a listener's private
 * onFlushCompletedProxy() (RocksDB's AbstractEventListener shape); compact()
 * calls its private onCompactionCompletedProxy() on the calling thread. */
#include "gg_common.h"
#include "io_gilguard_apps_crossing_NativeLib.h"

JNIEXPORT void JNICALL Java_io_gilguard_apps_crossing_NativeLib_run(JNIEnv *env, jclass cls,
                                                                    jobject listener, jint threads,
                                                                    jint calls)
{
    (void)cls;
    gg_run_threads(env, listener, "onFlushCompletedProxy", "native-cb-", 1, threads, calls);
}

JNIEXPORT void JNICALL Java_io_gilguard_apps_crossing_NativeLib_compact(JNIEnv *env, jclass cls,
                                                                        jobject listener)
{
    (void)cls;
    jclass base = (*env)->FindClass(env, "io/gilguard/apps/crossing/AbstractEventListener");
    if (base == NULL) {
        return; /* NoClassDefFoundError pending */
    }
    jmethodID m = (*env)->GetMethodID(env, base, "onCompactionCompletedProxy", "()V");
    if (m == NULL) {
        return; /* NoSuchMethodError pending */
    }
    /* an exception the callback throws stays pending: the Java caller sees it */
    (*env)->CallVoidMethod(env, listener, m);
}
