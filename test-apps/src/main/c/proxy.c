/* proxy: native threads native-cb-0..N-1 call Listener.onEvent() of a java.lang.reflect.Proxy with no lock. */
#include "gg_common.h"
#include "io_gilguard_apps_proxy_NativeLib.h"

JNIEXPORT void JNICALL Java_io_gilguard_apps_proxy_NativeLib_run(JNIEnv *env, jclass cls,
                                                                 jobject listener, jint threads,
                                                                 jint calls)
{
    (void)cls;
    gg_run_threads(env, listener, "onEvent", "native-cb-", 1, threads, calls);
}
