/* lambda: native threads native-cb-0..N-1 call Listener.onEvent() (a lambda) with no lock. */
#include "gg_common.h"
#include "io_gilguard_apps_lambda_NativeLib.h"

JNIEXPORT void JNICALL Java_io_gilguard_apps_lambda_NativeLib_run(JNIEnv *env, jclass cls,
                                                                  jobject listener, jint threads,
                                                                  jint calls)
{
    (void)cls;
    gg_run_threads(env, listener, "onEvent", "native-cb-", 1, threads, calls);
}
