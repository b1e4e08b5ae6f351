/* longcall: a native call that takes a while, like a computation that should
 * run with the GIL released (Py_BEGIN_ALLOW_THREADS). */
#include "gg_common.h"
#include "io_gilguard_apps_longcall_NativeLib.h"

static long elapsed_ms(const struct timespec *from, const struct timespec *to)
{
    /* in nanoseconds first: a negative tv_nsec difference divided alone rounds toward zero, up,
       and 149.5 ms passed would read as 150 */
    return ((to->tv_sec - from->tv_sec) * 1000000000L + (to->tv_nsec - from->tv_nsec)) / 1000000L;
}

/* Sleeps in small steps until `millis` have passed; returns the elapsed ms. */
JNIEXPORT jlong JNICALL Java_io_gilguard_apps_longcall_NativeLib_compute(JNIEnv *env, jclass cls,
                                                                        jint millis)
{
    (void)cls;
    struct timespec start, now;
    if (clock_gettime(CLOCK_MONOTONIC, &start) != 0) {
        gg_throw(env, "clock_gettime", errno);
        return -1;
    }
    for (;;) {
        if (clock_gettime(CLOCK_MONOTONIC, &now) != 0) {
            gg_throw(env, "clock_gettime", errno);
            return -1;
        }
        long done = elapsed_ms(&start, &now);
        if (done >= millis) {
            return done;
        }
        int rc = gg_sleep_ms(millis - done < 10 ? millis - done : 10);
        if (rc != 0) {
            gg_throw(env, "nanosleep", rc);
            return -1;
        }
    }
}

/* Bound by RegisterNatives, not by its symbol name: the agent's wrapping must keep both ways
 * of binding working. Sleeps, then throws, so that a "release" policy is seen to take the
 * lock back even when the call fails. */
static void compute_then_fail(JNIEnv *env, jclass cls, jint millis)
{
    (void)cls;
    int rc = gg_sleep_ms(millis);
    if (rc != 0) {
        gg_throw(env, "nanosleep", rc);
        return;
    }
    jclass ise = (*env)->FindClass(env, "java/lang/IllegalStateException");
    if (ise == NULL) {
        return; /* FindClass has already thrown */
    }
    if ((*env)->ThrowNew(env, ise, "native failure") != 0) {
        fprintf(stderr, "native: ThrowNew failed\n");
    }
}

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved)
{
    (void)reserved;
    JNIEnv *env = NULL;
    if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) != JNI_OK) {
        fprintf(stderr, "native: GetEnv failed in JNI_OnLoad\n");
        return JNI_ERR;
    }
    jclass lib = (*env)->FindClass(env, "io/gilguard/apps/longcall/NativeLib");
    if (lib == NULL) {
        return JNI_ERR;
    }
    static const JNINativeMethod methods[] = {
        {"computeThenFail", "(I)V", (void *)compute_then_fail},
    };
    if ((*env)->RegisterNatives(env, lib, methods, 1) != 0) {
        fprintf(stderr, "native: RegisterNatives failed\n");
        return JNI_ERR;
    }
    return JNI_VERSION_1_8;
}
