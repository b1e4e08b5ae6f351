/* completeexit: a native thread, monitor-holder, attaches, enters two JNI
 * monitors and detaches, as OpenJDK's test runtime/Monitor/CompleteExit does.
 * DetachCurrentThread releases monitors still held (after the JVMTI ThreadEnd
 * event), silently: whatever they guarded was left half done. */
#include "gg_common.h"
#include "io_gilguard_apps_completeexit_NativeLib.h"

struct holder_job {
    JavaVM *vm;
    jobject first;  /* global ref */
    jobject second; /* global ref */
    int exit_both;  /* the fixed twin: exit in reverse order before detaching */
    int failed;
};

static void *holder_main(void *arg)
{
    struct holder_job *job = arg;
    JNIEnv *env = gg_attach(job->vm, "monitor-holder");
    if (env == NULL) {
        job->failed = 1;
        return NULL;
    }
    int entered = 0;
    if ((*env)->MonitorEnter(env, job->first) != JNI_OK) {
        fprintf(stderr, "native: MonitorEnter(first) failed\n");
        job->failed = 1;
    } else {
        entered = 1;
        if ((*env)->MonitorEnter(env, job->second) != JNI_OK) {
            fprintf(stderr, "native: MonitorEnter(second) failed\n");
            job->failed = 1;
        } else {
            entered = 2;
        }
    }
    if (job->exit_both) {
        if (entered == 2 && (*env)->MonitorExit(env, job->second) != JNI_OK) {
            fprintf(stderr, "native: MonitorExit(second) failed\n");
            job->failed = 1;
        }
        if (entered >= 1 && (*env)->MonitorExit(env, job->first) != JNI_OK) {
            fprintf(stderr, "native: MonitorExit(first) failed\n");
            job->failed = 1;
        }
    }
    if ((*env)->ExceptionCheck(env)) {
        (*env)->ExceptionDescribe(env);
        (*env)->ExceptionClear(env);
    }
    if (gg_detach(job->vm, "monitor-holder") != 0) {
        job->failed = 1;
    }
    return NULL;
}

JNIEXPORT void JNICALL Java_io_gilguard_apps_completeexit_NativeLib_enterTwoAndDetach(
        JNIEnv *env, jclass cls, jobject first, jobject second, jboolean exitBoth)
{
    (void)cls;
    struct holder_job *job = calloc(1, sizeof *job); /* on the heap: see gg_run_one */
    if (job == NULL) {
        gg_throw(env, "calloc", ENOMEM);
        return;
    }
    if ((*env)->GetJavaVM(env, &job->vm) != JNI_OK) {
        free(job);
        gg_throw(env, "GetJavaVM", 0);
        return;
    }
    job->first = (*env)->NewGlobalRef(env, first);
    job->second = (*env)->NewGlobalRef(env, second);
    if (job->first == NULL || job->second == NULL) {
        if (job->first != NULL) {
            (*env)->DeleteGlobalRef(env, job->first);
        }
        if (job->second != NULL) {
            (*env)->DeleteGlobalRef(env, job->second);
        }
        free(job);
        gg_throw(env, "NewGlobalRef", 0);
        return;
    }
    job->exit_both = exitBoth == JNI_TRUE;
    int rc = gg_run_one(env, holder_main, job);
    if (rc == -2) {
        return; /* the thread may still run: leave it its job */
    }
    (*env)->DeleteGlobalRef(env, job->first);
    (*env)->DeleteGlobalRef(env, job->second);
    int failed = job->failed;
    free(job);
    if (rc == 0 && failed) {
        gg_throw(env, "monitor-holder", 0);
    }
}
