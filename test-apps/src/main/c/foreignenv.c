/* foreignenv: a library that caches the JNIEnv of the thread that initialised
 * it and uses it later on its own native thread. A JNIEnv belongs to one
 * thread: HotSpot then acts on behalf of the env's owner (main), changing that
 * thread's state from another OS thread, with no check outside -Xcheck:jni. */
#include "gg_common.h"
#include "io_gilguard_apps_foreignenv_NativeLib.h"

/* The bug this scenario is about: a JNIEnv cached process-wide. Written once
 * by init() on main, read by the env-user thread that work() creates later
 * (pthread_create orders the write before the read). */
static JNIEnv *cached_env;

JNIEXPORT void JNICALL Java_io_gilguard_apps_foreignenv_NativeLib_init(JNIEnv *env, jclass cls)
{
    (void)cls;
    cached_env = env;
}

struct user_job {
    JavaVM *vm;
    jobject monitor; /* global ref */
    int own_env;     /* the fixed twin: use the env AttachCurrentThread gave */
    int failed;
};

static void *user_main(void *arg)
{
    struct user_job *job = arg;
    JNIEnv *own = gg_attach(job->vm, "env-user");
    if (own == NULL) {
        job->failed = 1;
        return NULL;
    }
    JNIEnv *env = job->own_env ? own : cached_env;
    if ((*env)->MonitorEnter(env, job->monitor) != JNI_OK) {
        fprintf(stderr, "native: MonitorEnter failed\n");
        job->failed = 1;
    } else if ((*env)->MonitorExit(env, job->monitor) != JNI_OK) {
        fprintf(stderr, "native: MonitorExit failed\n");
        job->failed = 1;
    }
    if ((*own)->ExceptionCheck(own)) {
        (*own)->ExceptionDescribe(own);
        (*own)->ExceptionClear(own);
    }
    if (gg_detach(job->vm, "env-user") != 0) {
        job->failed = 1;
    }
    return NULL;
}

JNIEXPORT void JNICALL Java_io_gilguard_apps_foreignenv_NativeLib_work(JNIEnv *env, jclass cls,
                                                                       jobject monitor, jboolean ownEnv)
{
    (void)cls;
    if (cached_env == NULL) {
        gg_throw(env, "work before init", 0);
        return;
    }
    struct user_job *job = calloc(1, sizeof *job); /* on the heap: see gg_run_one */
    if (job == NULL) {
        gg_throw(env, "calloc", ENOMEM);
        return;
    }
    if ((*env)->GetJavaVM(env, &job->vm) != JNI_OK) {
        free(job);
        gg_throw(env, "GetJavaVM", 0);
        return;
    }
    job->monitor = (*env)->NewGlobalRef(env, monitor);
    if (job->monitor == NULL) {
        free(job);
        gg_throw(env, "NewGlobalRef", 0);
        return;
    }
    job->own_env = ownEnv == JNI_TRUE;
    int rc = gg_run_one(env, user_main, job);
    if (rc == -2) {
        return; /* the thread may still run: leave it its job */
    }
    (*env)->DeleteGlobalRef(env, job->monitor);
    int failed = job->failed;
    free(job);
    if (rc == 0 && failed) {
        gg_throw(env, "env-user", 0);
    }
}
