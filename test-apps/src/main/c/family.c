/* family: a synchronized native method that calls a busy handler back, a
 * plain downcall that does the same, native threads that call a callback, and
 * JNI MonitorEnter on an object of a monitor family. */
#include "gg_common.h"
#include "io_gilguard_apps_family_Db.h"
#include "io_gilguard_apps_family_NativeLib.h"

static void call_busy(JNIEnv *env, jobject handler)
{
    jclass cls = (*env)->GetObjectClass(env, handler);
    if (cls == NULL) {
        return; /* exception pending */
    }
    jmethodID m = (*env)->GetMethodID(env, cls, "onBusy", "()V");
    if (m == NULL) {
        return;
    }
    (*env)->CallVoidMethod(env, handler, m); /* an exception stays pending for the caller */
}

JNIEXPORT void JNICALL Java_io_gilguard_apps_family_Db_prepare(JNIEnv *env, jobject db, jobject handler)
{
    (void)db;
    call_busy(env, handler);
}

JNIEXPORT void JNICALL Java_io_gilguard_apps_family_NativeLib_busy(JNIEnv *env, jclass cls, jobject handler)
{
    (void)cls;
    call_busy(env, handler);
}

JNIEXPORT void JNICALL Java_io_gilguard_apps_family_NativeLib_run(JNIEnv *env, jclass cls, jobject callback,
                                                                 jint threads, jint calls)
{
    (void)cls;
    gg_run_threads(env, callback, "onEvent", "native-cb-", 1, threads, calls);
}

JNIEXPORT void JNICALL Java_io_gilguard_apps_family_NativeLib_enterOnly(JNIEnv *env, jclass cls, jobject obj)
{
    (void)cls;
    if ((*env)->MonitorEnter(env, obj) != JNI_OK && !(*env)->ExceptionCheck(env)) {
        gg_throw(env, "MonitorEnter", 0);
    }
}

JNIEXPORT void JNICALL Java_io_gilguard_apps_family_NativeLib_enterExit(JNIEnv *env, jclass cls, jobject obj)
{
    (void)cls;
    if ((*env)->MonitorEnter(env, obj) != JNI_OK) {
        if (!(*env)->ExceptionCheck(env)) {
            gg_throw(env, "MonitorEnter", 0);
        }
        return;
    }
    if ((*env)->MonitorExit(env, obj) != JNI_OK && !(*env)->ExceptionCheck(env)) {
        gg_throw(env, "MonitorExit", 0);
    }
}
