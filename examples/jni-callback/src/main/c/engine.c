/* The native side of com.example.engine.Engine: a thread of its own that calls back into Java. */
#include <jni.h>
#include <pthread.h>
#include <stdio.h>
#include "com_example_engine_Engine.h"

struct work {
    JavaVM *vm;
    jobject listener; /* a global reference: the native thread has no local frame of the caller */
    jint events;
    int failed;
};

static void *engine_thread(void *arg)
{
    struct work *w = arg;
    JNIEnv *env = NULL;
    JavaVMAttachArgs args = { JNI_VERSION_1_8, "engine-thread", NULL };
    if ((*w->vm)->AttachCurrentThread(w->vm, (void **)&env, &args) != JNI_OK) {
        w->failed = 1;
        return NULL;
    }
    jclass cls = (*env)->GetObjectClass(env, w->listener);
    jmethodID on_event = (*env)->GetMethodID(env, cls, "onEvent", "(I)V");
    for (jint i = 0; on_event != NULL && i < w->events; i++) {
        (*env)->CallVoidMethod(env, w->listener, on_event, i);
        if ((*env)->ExceptionCheck(env)) {
            (*env)->ExceptionDescribe(env);
            (*env)->ExceptionClear(env);
            w->failed = 1;
            break;
        }
    }
    if (on_event == NULL) {
        (*env)->ExceptionClear(env);
        w->failed = 1;
    }
    (*w->vm)->DetachCurrentThread(w->vm);
    return NULL;
}

JNIEXPORT void JNICALL Java_com_example_engine_Engine_run(JNIEnv *env, jclass cls, jobject listener, jint events)
{
    (void)cls;
    struct work w = { NULL, NULL, events, 0 };
    pthread_t thread;
    if ((*env)->GetJavaVM(env, &w.vm) != JNI_OK) {
        return;
    }
    w.listener = (*env)->NewGlobalRef(env, listener);
    if (pthread_create(&thread, NULL, engine_thread, &w) != 0) {
        w.failed = 1;
    } else {
        pthread_join(thread, NULL);
    }
    (*env)->DeleteGlobalRef(env, w.listener);
    if (w.failed) {
        jclass ise = (*env)->FindClass(env, "java/lang/IllegalStateException");
        if (ise != NULL) {
            (*env)->ThrowNew(env, ise, "the engine thread failed");
        }
    }
}
