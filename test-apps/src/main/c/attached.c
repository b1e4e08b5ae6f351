/* attached: a native thread that ends without DetachCurrentThread. HotSpot
 * keeps it in its thread list for ever (alive, RUNNABLE, its JNI monitors
 * locked); the threads here attach as daemons so that, without gilguard, the
 * JVM can still exit. */
#include "gg_common.h"
#include "io_gilguard_apps_attached_NativeLib.h"

struct attached_job {
    JavaVM *vm;
    char name[32];
    jobject monitor; /* global ref, or NULL: enter it and keep it */
    int detach;      /* the fixed twin: exit the monitor and detach */
    int failed;
};

static void *attached_main(void *arg)
{
    struct attached_job *job = arg;
    JNIEnv *env = gg_attach_daemon(job->vm, job->name);
    if (env == NULL) {
        job->failed = 1;
        return NULL;
    }
    int entered = 0;
    if (job->monitor != NULL) {
        if ((*env)->MonitorEnter(env, job->monitor) != JNI_OK) {
            fprintf(stderr, "native: MonitorEnter failed on %s\n", job->name);
            job->failed = 1;
        } else {
            entered = 1;
        }
    }
    if (!job->detach) {
        return NULL; /* the bug: the thread ends still attached */
    }
    if (entered && (*env)->MonitorExit(env, job->monitor) != JNI_OK) {
        fprintf(stderr, "native: MonitorExit failed on %s\n", job->name);
        job->failed = 1;
    }
    if ((*env)->ExceptionCheck(env)) {
        (*env)->ExceptionDescribe(env);
        (*env)->ExceptionClear(env);
    }
    if (gg_detach(job->vm, job->name) != 0) {
        job->failed = 1;
    }
    return NULL;
}

JNIEXPORT void JNICALL Java_io_gilguard_apps_attached_NativeLib_run(JNIEnv *env, jclass cls, jstring name,
                                                                    jobject monitor, jboolean detach)
{
    (void)cls;
    struct attached_job *job = calloc(1, sizeof *job); /* on the heap: see gg_run_one */
    if (job == NULL) {
        gg_throw(env, "calloc", ENOMEM);
        return;
    }
    if ((*env)->GetJavaVM(env, &job->vm) != JNI_OK) {
        free(job);
        gg_throw(env, "GetJavaVM", 0);
        return;
    }
    const char *utf = (*env)->GetStringUTFChars(env, name, NULL);
    if (utf == NULL) {
        free(job);
        return; /* OutOfMemoryError pending */
    }
    snprintf(job->name, sizeof job->name, "%s", utf);
    (*env)->ReleaseStringUTFChars(env, name, utf);
    if (monitor != NULL) {
        job->monitor = (*env)->NewGlobalRef(env, monitor);
        if (job->monitor == NULL) {
            free(job);
            gg_throw(env, "NewGlobalRef", 0);
            return;
        }
    }
    job->detach = detach == JNI_TRUE;
    int rc = gg_run_one(env, attached_main, job);
    if (rc == -2) {
        return; /* the thread may still run: leave it its job */
    }
    if (job->monitor != NULL) {
        (*env)->DeleteGlobalRef(env, job->monitor);
    }
    int failed = job->failed;
    free(job);
    if (rc == 0 && failed) {
        gg_throw(env, "the attached thread", 0);
    }
}
