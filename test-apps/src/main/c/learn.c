/* learn: the shapes learn mode must name (test-apps/.../learn): native calls of each length,
 * a callback made on the calling Java thread, and callbacks from native threads. */
#include "gg_common.h"
#include "io_gilguard_apps_learn_Native.h"

static jlong work(JNIEnv *env, jint millis)
{
    int rc = gg_sleep_ms(millis);
    if (rc != 0) {
        gg_throw(env, "nanosleep", rc);
    }
    return millis;
}

JNIEXPORT jlong JNICALL Java_io_gilguard_apps_learn_Native_held(JNIEnv *env, jclass cls, jint millis)
{
    (void)cls;
    return work(env, millis);
}

JNIEXPORT jlong JNICALL Java_io_gilguard_apps_learn_Native_slow(JNIEnv *env, jclass cls, jint millis)
{
    (void)cls;
    return work(env, millis);
}

JNIEXPORT jlong JNICALL Java_io_gilguard_apps_learn_Native_flush(JNIEnv *env, jclass cls, jint millis)
{
    (void)cls;
    return work(env, millis);
}

JNIEXPORT jlong JNICALL Java_io_gilguard_apps_learn_Native_put(JNIEnv *env, jclass cls, jint millis)
{
    (void)cls;
    return work(env, millis);
}

JNIEXPORT jlong JNICALL Java_io_gilguard_apps_learn_Native_after(JNIEnv *env, jclass cls, jint millis)
{
    (void)cls;
    return work(env, millis);
}

JNIEXPORT jlong JNICALL Java_io_gilguard_apps_learn_Native_open(JNIEnv *env, jclass cls)
{
    (void)env;
    (void)cls;
    static atomic_long next = 1;
    return atomic_fetch_add(&next, 1);
}

/* visitor.visit() on this thread, inside this native call. */
JNIEXPORT void JNICALL Java_io_gilguard_apps_learn_Native_callBack(JNIEnv *env, jclass cls, jobject visitor)
{
    (void)cls;
    jclass type = (*env)->GetObjectClass(env, visitor);
    jmethodID visit = type == NULL ? NULL : (*env)->GetMethodID(env, type, "visit", "()V");
    if (visit == NULL) {
        return; /* NoSuchMethodError pending */
    }
    (*env)->CallVoidMethod(env, visitor, visit);
}

/* A native thread "learn-cb" attaches, calls listener.onEvent() `calls` times, detaches. */
JNIEXPORT void JNICALL Java_io_gilguard_apps_learn_Native_fromThread(JNIEnv *env, jclass cls, jobject listener,
                                                                      jint calls)
{
    (void)cls;
    gg_run_threads(env, listener, "onEvent", "learn-cb", 0, 1, calls);
}
