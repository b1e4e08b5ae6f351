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
    int held;        /* Thread.holdsLock(monitor) on env-user between enter and exit */
    int failed;
};

/* Thread.holdsLock(monitor), asked with the thread's own env: 1, 0, or -1 on failure. */
static int holds_lock(JNIEnv *own, jobject monitor)
{
    jclass thread_class = (*own)->FindClass(own, "java/lang/Thread");
    if (thread_class == NULL) {
        return -1;
    }
    jmethodID holds = (*own)->GetStaticMethodID(own, thread_class, "holdsLock", "(Ljava/lang/Object;)Z");
    if (holds == NULL) {
        return -1;
    }
    jboolean held = (*own)->CallStaticBooleanMethod(own, thread_class, holds, monitor);
    if ((*own)->ExceptionCheck(own)) {
        return -1;
    }
    return held == JNI_TRUE;
}

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
    } else {
        /* with main's env, HotSpot made main the owner, not this thread */
        job->held = holds_lock(own, job->monitor);
        if (job->held < 0) {
            fprintf(stderr, "native: Thread.holdsLock failed\n");
            job->failed = 1;
        }
        if ((*env)->MonitorExit(env, job->monitor) != JNI_OK) {
            fprintf(stderr, "native: MonitorExit failed\n");
            job->failed = 1;
        }
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

JNIEXPORT jboolean JNICALL Java_io_gilguard_apps_foreignenv_NativeLib_work(JNIEnv *env, jclass cls,
                                                                       jobject monitor, jboolean ownEnv)
{
    (void)cls;
    if (cached_env == NULL) {
        gg_throw(env, "work before init", 0);
        return JNI_FALSE;
    }
    struct user_job *job = calloc(1, sizeof *job); /* on the heap: see gg_run_one */
    if (job == NULL) {
        gg_throw(env, "calloc", ENOMEM);
        return JNI_FALSE;
    }
    if ((*env)->GetJavaVM(env, &job->vm) != JNI_OK) {
        free(job);
        gg_throw(env, "GetJavaVM", 0);
        return JNI_FALSE;
    }
    job->monitor = (*env)->NewGlobalRef(env, monitor);
    if (job->monitor == NULL) {
        free(job);
        gg_throw(env, "NewGlobalRef", 0);
        return JNI_FALSE;
    }
    job->own_env = ownEnv == JNI_TRUE;
    int rc = gg_run_one(env, user_main, job);
    if (rc == -2) {
        return JNI_FALSE; /* the thread may still run: leave it its job */
    }
    (*env)->DeleteGlobalRef(env, job->monitor);
    int failed = job->failed;
    int held = job->held;
    free(job);
    if (rc == 0 && failed) {
        gg_throw(env, "env-user", 0);
    }
    return held == 1 ? JNI_TRUE : JNI_FALSE;
}

/* The same mistake on a Java thread: a native method that uses the cached env
 * (main's) instead of the one it was called with. Returns whether the calling
 * thread held the monitor between enter and exit. */
JNIEXPORT jboolean JNICALL Java_io_gilguard_apps_foreignenv_NativeLib_enterExitHere(JNIEnv *env, jclass cls,
                                                                                    jobject monitor,
                                                                                    jboolean ownEnv)
{
    (void)cls;
    if (cached_env == NULL) {
        gg_throw(env, "enterExitHere before init", 0);
        return JNI_FALSE;
    }
    JNIEnv *use = ownEnv == JNI_TRUE ? env : cached_env;
    if ((*use)->MonitorEnter(use, monitor) != JNI_OK) {
        if (!(*env)->ExceptionCheck(env)) {
            gg_throw(env, "MonitorEnter", 0);
        }
        return JNI_FALSE;
    }
    int held = holds_lock(env, monitor);
    if ((*use)->MonitorExit(use, monitor) != JNI_OK) {
        if (!(*env)->ExceptionCheck(env)) {
            gg_throw(env, "MonitorExit", 0);
        }
        return JNI_FALSE;
    }
    if (held < 0) {
        return JNI_FALSE; /* the exception of Thread.holdsLock is pending */
    }
    return held == 1 ? JNI_TRUE : JNI_FALSE;
}
