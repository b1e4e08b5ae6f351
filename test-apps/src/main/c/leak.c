/* leak: one native thread, native-cb-0, calls Listener.onEvent() once. */
#include "gg_common.h"
#include "io_gilguard_apps_leak_NativeLib.h"

JNIEXPORT void JNICALL Java_io_gilguard_apps_leak_NativeLib_fire(JNIEnv *env, jclass cls,
                                                                 jobject listener)
{
    (void)cls;
    gg_run_threads(env, listener, "onEvent", "native-cb-", 1, 1, 1);
}
