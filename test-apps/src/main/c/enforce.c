/* enforce: the native side of the enforce scenario. A method-pair lock with a depth and a count
 * of the release calls that reached it, and a native call that counts its calls, so that the app
 * can show that a refused call never ran. */
#include "gg_common.h"
#include "io_gilguard_apps_enforce_Py.h"
#include "io_gilguard_apps_enforce_NativeLib.h"

static atomic_int depth;
static atomic_int releases;
static atomic_int computes;

JNIEXPORT jint JNICALL Java_io_gilguard_apps_enforce_Py_nativeEnsure(JNIEnv *env, jclass cls)
{
    (void)env;
    (void)cls;
    return atomic_fetch_add(&depth, 1) + 1;
}

/* Returns the depth after, -1 when nothing was held; counts every call. */
JNIEXPORT jint JNICALL Java_io_gilguard_apps_enforce_Py_nativeRelease(JNIEnv *env, jclass cls)
{
    (void)env;
    (void)cls;
    atomic_fetch_add(&releases, 1);
    int d = atomic_load(&depth);
    while (d > 0 && !atomic_compare_exchange_weak(&depth, &d, d - 1)) {
    }
    return d > 0 ? d - 1 : -1;
}

JNIEXPORT jint JNICALL Java_io_gilguard_apps_enforce_Py_depth(JNIEnv *env, jclass cls)
{
    (void)env;
    (void)cls;
    return atomic_load(&depth);
}

JNIEXPORT jint JNICALL Java_io_gilguard_apps_enforce_Py_releases(JNIEnv *env, jclass cls)
{
    (void)env;
    (void)cls;
    return atomic_load(&releases);
}

JNIEXPORT void JNICALL Java_io_gilguard_apps_enforce_NativeLib_compute(JNIEnv *env, jclass cls)
{
    (void)env;
    (void)cls;
    atomic_fetch_add(&computes, 1);
}

JNIEXPORT jint JNICALL Java_io_gilguard_apps_enforce_NativeLib_calls(JNIEnv *env, jclass cls)
{
    (void)env;
    (void)cls;
    return atomic_load(&computes);
}
