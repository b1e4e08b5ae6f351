/* jnimon: native methods that use JNI MonitorEnter / MonitorExit, correctly or
 * not. HotSpot says nothing when a native method returns still holding a
 * monitor it entered (Android's CheckJNI aborts: "Still holding a locked
 * object on JNI end"); a MonitorExit of a monitor not held throws
 * IllegalMonitorStateException in the caller; a native method that exits its
 * caller's monitor and enters another returns holding as many monitors as it
 * was called with, but not the same. */
#include "gg_common.h"
#include "io_gilguard_apps_jnimon_NativeLib.h"
#include "io_gilguard_apps_jnimon_NativeLock.h"

/* Enters the monitor of obj and returns holding it: the leak. */
JNIEXPORT void JNICALL Java_io_gilguard_apps_jnimon_NativeLib_enterOnly(JNIEnv *env, jclass cls,
                                                                        jobject obj)
{
    (void)cls;
    jint rc = (*env)->MonitorEnter(env, obj);
    if (rc != JNI_OK && !(*env)->ExceptionCheck(env)) {
        gg_throw(env, "MonitorEnter", 0);
    }
}

/* Enters and exits the monitor of obj: the fixed twin. */
JNIEXPORT void JNICALL Java_io_gilguard_apps_jnimon_NativeLib_enterExit(JNIEnv *env, jclass cls,
                                                                        jobject obj)
{
    (void)cls;
    jint rc = (*env)->MonitorEnter(env, obj);
    if (rc != JNI_OK) {
        if (!(*env)->ExceptionCheck(env)) {
            gg_throw(env, "MonitorEnter", 0);
        }
        return;
    }
    rc = (*env)->MonitorExit(env, obj);
    if (rc != JNI_OK && !(*env)->ExceptionCheck(env)) {
        gg_throw(env, "MonitorExit", 0);
    }
}

/* Enters the monitor of obj, then fails and throws without exiting it: an
 * error path that forgets the MonitorExit. */
JNIEXPORT void JNICALL Java_io_gilguard_apps_jnimon_NativeLib_enterThenThrow(JNIEnv *env, jclass cls,
                                                                             jobject obj)
{
    (void)cls;
    jint rc = (*env)->MonitorEnter(env, obj);
    if (rc != JNI_OK) {
        if (!(*env)->ExceptionCheck(env)) {
            gg_throw(env, "MonitorEnter", 0);
        }
        return;
    }
    gg_throw(env, "parse", EINVAL); /* returns with IllegalStateException pending, monitor held */
}

/* Enters and exits the monitor of obj, then throws: the fixed error path. */
JNIEXPORT void JNICALL Java_io_gilguard_apps_jnimon_NativeLib_enterExitThenThrow(JNIEnv *env, jclass cls,
                                                                                 jobject obj)
{
    (void)cls;
    jint rc = (*env)->MonitorEnter(env, obj);
    if (rc != JNI_OK) {
        if (!(*env)->ExceptionCheck(env)) {
            gg_throw(env, "MonitorEnter", 0);
        }
        return;
    }
    rc = (*env)->MonitorExit(env, obj);
    if (rc != JNI_OK) {
        if (!(*env)->ExceptionCheck(env)) {
            gg_throw(env, "MonitorExit", 0);
        }
        return;
    }
    gg_throw(env, "parse", EINVAL);
}

/* Exits the monitor of obj without having entered it. The JVM answers with a
 * pending IllegalMonitorStateException, which the Java caller sees thrown. */
JNIEXPORT void JNICALL Java_io_gilguard_apps_jnimon_NativeLib_exitOnly(JNIEnv *env, jclass cls,
                                                                       jobject obj)
{
    (void)cls;
    jint rc = (*env)->MonitorExit(env, obj);
    if (rc != JNI_OK && !(*env)->ExceptionCheck(env)) {
        gg_throw(env, "MonitorExit", 0); /* an error without an exception: make one */
    }
}

/* Exits the monitor of held (the caller's), then enters that of other, and
 * returns holding it: the caller's lock swapped for another. */
JNIEXPORT void JNICALL Java_io_gilguard_apps_jnimon_NativeLib_swap(JNIEnv *env, jclass cls,
                                                                   jobject held, jobject other)
{
    (void)cls;
    jint rc = (*env)->MonitorExit(env, held);
    if (rc != JNI_OK) {
        if (!(*env)->ExceptionCheck(env)) {
            gg_throw(env, "MonitorExit", 0);
        }
        return;
    }
    rc = (*env)->MonitorEnter(env, other);
    if (rc != JNI_OK && !(*env)->ExceptionCheck(env)) {
        gg_throw(env, "MonitorEnter", 0);
    }
}

/* The fixed twin: lets go of the caller's monitor while it holds the other
 * one, then swaps back, so that it returns holding what it was called with. */
JNIEXPORT void JNICALL Java_io_gilguard_apps_jnimon_NativeLib_swapBack(JNIEnv *env, jclass cls,
                                                                       jobject held, jobject other)
{
    Java_io_gilguard_apps_jnimon_NativeLib_swap(env, cls, held, other);
    if ((*env)->ExceptionCheck(env)) {
        return;
    }
    Java_io_gilguard_apps_jnimon_NativeLib_swap(env, cls, other, held);
}

/* A native library's lock call: returns holding the monitor of obj. */
JNIEXPORT void JNICALL Java_io_gilguard_apps_jnimon_NativeLock_lock(JNIEnv *env, jclass cls,
                                                                    jobject obj)
{
    (void)cls;
    jint rc = (*env)->MonitorEnter(env, obj);
    if (rc != JNI_OK && !(*env)->ExceptionCheck(env)) {
        gg_throw(env, "MonitorEnter", 0);
    }
}

/* Its unlock call: lets go of the monitor of obj. */
JNIEXPORT void JNICALL Java_io_gilguard_apps_jnimon_NativeLock_unlock(JNIEnv *env, jclass cls,
                                                                      jobject obj)
{
    (void)cls;
    jint rc = (*env)->MonitorExit(env, obj);
    if (rc != JNI_OK && !(*env)->ExceptionCheck(env)) {
        gg_throw(env, "MonitorExit", 0);
    }
}
