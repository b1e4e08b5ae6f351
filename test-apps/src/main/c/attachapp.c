/* attachapp (the app "attach"; libattach.so is the JDK's own): small native calls for an app that gilguard attaches to while it runs. */
#include "gg_common.h"
#include "io_gilguard_apps_attach_NativeLib.h"

JNIEXPORT jint JNICALL Java_io_gilguard_apps_attach_NativeLib_poll(JNIEnv *env, jclass cls, jint x)
{
    (void)env;
    (void)cls;
    return x + 1;
}

JNIEXPORT void JNICALL Java_io_gilguard_apps_attach_NativeLib_fire(JNIEnv *env, jclass cls, jobject listener)
{
    (void)cls;
    jclass c = (*env)->GetObjectClass(env, listener);
    if (c == NULL) {
        return;
    }
    jmethodID m = (*env)->GetMethodID(env, c, "onTick", "()V");
    if (m == NULL) {
        return; /* NoSuchMethodError pending */
    }
    (*env)->CallVoidMethod(env, listener, m);
}

/* Asks Java, from inside the call, whether the GIL is held (Engine.probe), then
 * returns x / 2, or throws IllegalStateException for an odd x. */
JNIEXPORT jint JNICALL Java_io_gilguard_apps_attach_NativeLib_crunch(JNIEnv *env, jclass cls, jint x)
{
    (void)cls;
    jclass engine = (*env)->FindClass(env, "io/gilguard/apps/attach/Engine");
    if (engine == NULL) {
        return -1;
    }
    jmethodID probe = (*env)->GetStaticMethodID(env, engine, "probe", "()V");
    if (probe == NULL) {
        return -1;
    }
    (*env)->CallStaticVoidMethod(env, engine, probe);
    if ((*env)->ExceptionCheck(env)) {
        return -1;
    }
    if (x % 2 != 0) {
        jclass ise = (*env)->FindClass(env, "java/lang/IllegalStateException");
        if (ise != NULL) {
            (*env)->ThrowNew(env, ise, "odd round");
        }
        return -1;
    }
    return x / 2;
}
