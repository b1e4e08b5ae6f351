/* holdcost: what a lock costs at the boundary. Short native calls made one after another
 * under one hold (zstd-jni's compressStream), and a native call that spends its time in the
 * Java callbacks it makes (LMDB's comparator upcalls). */
#include "gg_common.h"
#include "io_gilguard_apps_holdcost_NativeLib.h"

JNIEXPORT void JNICALL Java_io_gilguard_apps_holdcost_NativeLib_step(JNIEnv *env, jclass cls, jint millis)
{
    (void)cls;
    int rc = gg_sleep_ms(millis);
    if (rc != 0) {
        gg_throw(env, "nanosleep", rc);
    }
}

JNIEXPORT void JNICALL Java_io_gilguard_apps_holdcost_NativeLib_flush(JNIEnv *env, jclass cls, jint millis)
{
    (void)cls;
    int rc = gg_sleep_ms(millis);
    if (rc != 0) {
        gg_throw(env, "nanosleep", rc);
    }
}

/* Calls cmp.compare(i, i + 1) for each adjacent pair of 0..n-1, sleeping c_millis before each. */
JNIEXPORT jint JNICALL Java_io_gilguard_apps_holdcost_NativeLib_sort(JNIEnv *env, jclass cls, jobject cmp, jint n,
                                                                    jint c_millis)
{
    (void)cls;
    jclass type = (*env)->GetObjectClass(env, cmp);
    if (type == NULL) {
        gg_throw(env, "GetObjectClass", -1);
        return -1;
    }
    jmethodID compare = (*env)->GetMethodID(env, type, "compare", "(II)I");
    if (compare == NULL) {
        return -1; /* NoSuchMethodError pending */
    }
    jint calls = 0;
    for (jint i = 0; i + 1 < n; i++) {
        int rc = gg_sleep_ms(c_millis);
        if (rc != 0) {
            gg_throw(env, "nanosleep", rc);
            return -1;
        }
        (*env)->CallIntMethod(env, cmp, compare, i, i + 1);
        if ((*env)->ExceptionCheck(env)) {
            return -1;
        }
        calls++;
    }
    return calls;
}
