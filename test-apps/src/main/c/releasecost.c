/* releasecost: native calls a release policy lets the GIL go around: one of a few tens of
 * nanoseconds (too short to be worth it), one of 100 ms (worth it). */
#include "gg_common.h"
#include "io_gilguard_apps_releasecost_NativeLib.h"

JNIEXPORT jlong JNICALL Java_io_gilguard_apps_releasecost_NativeLib_tiny(JNIEnv *env, jclass cls, jint n)
{
    (void)env;
    (void)cls;
    volatile jlong sum = 0;
    for (jint i = 0; i < n; i++) {
        sum += i;
    }
    return sum;
}

JNIEXPORT void JNICALL Java_io_gilguard_apps_releasecost_NativeLib_slow(JNIEnv *env, jclass cls, jint millis)
{
    (void)cls;
    int rc = gg_sleep_ms(millis);
    if (rc != 0) {
        gg_throw(env, "nanosleep", rc);
    }
}
