/* longcall: a native call that takes a while, like a computation that should
 * run with the GIL released (Py_BEGIN_ALLOW_THREADS). */
#include "gg_common.h"
#include "io_gilguard_apps_longcall_NativeLib.h"

static long elapsed_ms(const struct timespec *from, const struct timespec *to)
{
    return (to->tv_sec - from->tv_sec) * 1000L + (to->tv_nsec - from->tv_nsec) / 1000000L;
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
