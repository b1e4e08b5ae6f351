/* detach: native threads call back into Java and then detach.
 * fire: one thread, native-cb, attaches once, calls Listener.onEvent() and
 * detaches. firePerCall: one thread, jna-cb, attaches, calls
 * Listener.onCall(i, calls) and detaches for each call, as JNA does for a
 * callback on a thread it did not attach (a new java.lang.Thread each time). */
#include "gg_common.h"
#include "io_gilguard_apps_detach_NativeLib.h"

JNIEXPORT void JNICALL Java_io_gilguard_apps_detach_NativeLib_fire(JNIEnv *env, jclass cls,
                                                                   jobject listener)
{
    (void)cls;
    gg_run_threads(env, listener, "onEvent", "native-cb", 0, 1, 1);
}

struct per_call_job {
    JavaVM *vm;
    jobject listener; /* global ref */
    jmethodID on_call;
    int calls;
    int failed;
};

static void *per_call_main(void *arg)
{
    struct per_call_job *job = arg;
    for (int i = 0; i < job->calls; i++) {
        JNIEnv *env = gg_attach(job->vm, "jna-cb");
        if (env == NULL) {
            job->failed = 1;
            return NULL;
        }
        (*env)->CallVoidMethod(env, job->listener, job->on_call, (jint)i, (jint)job->calls);
        if ((*env)->ExceptionCheck(env)) {
            (*env)->ExceptionDescribe(env);
            (*env)->ExceptionClear(env);
            job->failed = 1;
        }
        if (gg_detach(job->vm, "jna-cb") != 0) {
            job->failed = 1;
            return NULL; /* still attached: nothing more can be done safely */
        }
        if (job->failed) {
            return NULL;
        }
    }
    return NULL;
}

JNIEXPORT void JNICALL Java_io_gilguard_apps_detach_NativeLib_firePerCall(JNIEnv *env, jclass cls,
                                                                          jobject listener, jint calls)
{
    (void)cls;
    struct per_call_job *job = calloc(1, sizeof *job); /* on the heap: see gg_run_one */
    if (job == NULL) {
        gg_throw(env, "calloc", ENOMEM);
        return;
    }
    if ((*env)->GetJavaVM(env, &job->vm) != JNI_OK) {
        free(job);
        gg_throw(env, "GetJavaVM", 0);
        return;
    }
    jclass type = (*env)->GetObjectClass(env, listener);
    if (type == NULL) {
        free(job);
        gg_throw(env, "GetObjectClass", 0);
        return;
    }
    job->on_call = (*env)->GetMethodID(env, type, "onCall", "(II)V");
    if (job->on_call == NULL) {
        free(job);
        return; /* NoSuchMethodError pending */
    }
    job->listener = (*env)->NewGlobalRef(env, listener);
    if (job->listener == NULL) {
        free(job);
        gg_throw(env, "NewGlobalRef", 0);
        return;
    }
    job->calls = calls;
    int rc = gg_run_one(env, per_call_main, job);
    if (rc == -2) {
        return; /* the thread may still run: leave it its job */
    }
    (*env)->DeleteGlobalRef(env, job->listener);
    int failed = job->failed;
    free(job);
    if (rc == 0 && failed) {
        gg_throw(env, "a per-call callback", 0);
    }
}
