/* Helpers shared by the scenario libraries: attach/detach of native threads,
 * a join that cannot hang, and turning a failure into a Java exception.
 * Everything is static so that each scenario .so stays self-contained. */
#ifndef GG_COMMON_H
#define GG_COMMON_H

#define _GNU_SOURCE /* pthread_timedjoin_np, clock_gettime, nanosleep under -std=c11 */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <jni.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* how long a downcall waits for its native threads, at each step, before
 * giving up; twice this stays below the test harness's 60 s per JVM */
#define GG_JOIN_TIMEOUT_SECONDS 10

/* Throws IllegalStateException("what: detail") in the calling Java thread. */
static inline void gg_throw(JNIEnv *env, const char *what, int code)
{
    char msg[256];
    snprintf(msg, sizeof msg, "%s failed (%d: %s)", what, code, code > 0 ? strerror(code) : "jni");
    jclass ise = (*env)->FindClass(env, "java/lang/IllegalStateException");
    if (ise == NULL) {
        return; /* FindClass has already thrown */
    }
    if ((*env)->ThrowNew(env, ise, msg) != 0) {
        fprintf(stderr, "native: ThrowNew failed for: %s\n", msg);
    }
}

/* Attaches the current native thread under a name the agent will report. */
static inline JNIEnv *gg_attach(JavaVM *vm, const char *name)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", name);
    JavaVMAttachArgs args;
    args.version = JNI_VERSION_1_8;
    args.name = buf; /* the JVM copies the name */
    args.group = NULL;
    JNIEnv *env = NULL;
    jint rc = (*vm)->AttachCurrentThread(vm, (void **)&env, &args);
    if (rc != JNI_OK) {
        fprintf(stderr, "native: AttachCurrentThread(%s) failed: %d\n", name, (int)rc);
        return NULL;
    }
    return env;
}

/* Attaches the current native thread as a daemon: the JVM does not wait for it
 * at exit, even if it never detaches. */
static inline JNIEnv *gg_attach_daemon(JavaVM *vm, const char *name)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", name);
    JavaVMAttachArgs args;
    args.version = JNI_VERSION_1_8;
    args.name = buf; /* the JVM copies the name */
    args.group = NULL;
    JNIEnv *env = NULL;
    jint rc = (*vm)->AttachCurrentThreadAsDaemon(vm, (void **)&env, &args);
    if (rc != JNI_OK) {
        fprintf(stderr, "native: AttachCurrentThreadAsDaemon(%s) failed: %d\n", name, (int)rc);
        return NULL;
    }
    return env;
}

/* Returns 0 when detached; a thread must detach before it ends. */
static inline int gg_detach(JavaVM *vm, const char *name)
{
    jint rc = (*vm)->DetachCurrentThread(vm);
    if (rc != JNI_OK) {
        fprintf(stderr, "native: DetachCurrentThread(%s) failed: %d\n", name, (int)rc);
        return -1;
    }
    return 0;
}

/* Calls a void method; a Java exception is printed, cleared and reported as -1. */
static inline int gg_call_void(JNIEnv *env, jobject obj, jmethodID m)
{
    (*env)->CallVoidMethod(env, obj, m);
    if ((*env)->ExceptionCheck(env)) {
        (*env)->ExceptionDescribe(env);
        (*env)->ExceptionClear(env);
        return -1;
    }
    return 0;
}

/* Joins with a deadline so that a deadlocked callback cannot hang the app:
 * returns 0, ETIMEDOUT, or another pthread error. */
static inline int gg_join(pthread_t t)
{
    struct timespec deadline;
    if (clock_gettime(CLOCK_REALTIME, &deadline) != 0) {
        return errno;
    }
    deadline.tv_sec += GG_JOIN_TIMEOUT_SECONDS;
    return pthread_timedjoin_np(t, NULL, &deadline);
}

/* Sleeps for ms milliseconds, resuming after signals; 0 or errno. */
static inline int gg_sleep_ms(long ms)
{
    struct timespec req = { ms / 1000, (ms % 1000) * 1000000L };
    struct timespec rem;
    while (nanosleep(&req, &rem) != 0) {
        if (errno != EINTR) {
            return errno;
        }
        req = rem;
    }
    return 0;
}

/* Runs fn(job) on one new native thread and waits for it (bounded).
 * Returns 0 when it was joined; -1 when it never started (a Java exception is
 * pending, job was not used); -2 when joining failed or timed out (a Java
 * exception is pending, and the thread may still use job: do not free it). */
static inline int gg_run_one(JNIEnv *env, void *(*fn)(void *), void *job)
{
    pthread_t t;
    int rc = pthread_create(&t, NULL, fn, job);
    if (rc != 0) {
        gg_throw(env, "pthread_create", rc);
        return -1;
    }
    rc = gg_join(t);
    if (rc != 0) {
        fprintf(stderr, "native: joining the native thread: %s\n",
                rc == ETIMEDOUT ? "timed out (deadlock?)" : strerror(rc));
        gg_throw(env, "pthread_timedjoin_np", rc);
        return -2;
    }
    return 0;
}

/* One native thread of gg_run_threads. */
struct gg_job {
    JavaVM *vm;
    jobject listener;   /* global ref, shared */
    jmethodID method;
    char name[32];
    int calls;
    int first_alone;    /* thread 0: make one call before the others start */
    atomic_int *ready;  /* threads waiting at the start line */
    atomic_int *go;     /* set when every thread is ready */
    int failed;
};

/* Counts this thread as ready and waits (bounded) until all are: starting the
 * calls together makes their interleaving, and so a missing lock, visible. */
static inline void gg_start_line(struct gg_job *job)
{
    atomic_fetch_add(job->ready, 1);
    for (int waited = 0; !atomic_load(job->go) && waited < GG_JOIN_TIMEOUT_SECONDS * 1000; waited++) {
        if (gg_sleep_ms(1) != 0) {
            break;
        }
    }
}

static inline void *gg_job_main(void *arg)
{
    struct gg_job *job = arg;
    JNIEnv *env = gg_attach(job->vm, job->name);
    if (env == NULL) {
        job->failed = 1;
        atomic_fetch_add(job->ready, 1);
        return NULL;
    }
    int i = 0;
    if (job->first_alone && job->calls > 0) {
        i = 1;
        if (gg_call_void(env, job->listener, job->method) != 0) {
            job->failed = 1;
            i = job->calls;
        }
    }
    gg_start_line(job);
    for (; i < job->calls; i++) {
        if (gg_call_void(env, job->listener, job->method) != 0) {
            job->failed = 1;
            break;
        }
    }
    if (gg_detach(job->vm, job->name) != 0) {
        job->failed = 1;
    }
    return NULL;
}

/* Starts `threads` native threads that each call listener.<method>()V `calls`
 * times, and waits for them. Threads are named "<prefix><i>" when numbered,
 * else "<prefix>". Thread 0 makes the first call before the others start, so
 * the first thread to reach the listener (the one a report names) is always
 * the same; then all threads make the rest of their calls together.
 * Returns 0, or -1 with a Java exception pending. */
static inline int gg_run_threads(JNIEnv *env, jobject listener, const char *method,
                                 const char *prefix, int numbered, int threads, int calls)
{
    if (listener == NULL || threads < 1 || threads > 64 || calls < 0) {
        gg_throw(env, "gg_run_threads: bad arguments", 0);
        return -1;
    }
    JavaVM *vm = NULL;
    if ((*env)->GetJavaVM(env, &vm) != JNI_OK) {
        gg_throw(env, "GetJavaVM", 0);
        return -1;
    }
    jclass cls = (*env)->GetObjectClass(env, listener);
    if (cls == NULL) {
        gg_throw(env, "GetObjectClass", 0);
        return -1;
    }
    jmethodID m = (*env)->GetMethodID(env, cls, method, "()V");
    if (m == NULL) {
        return -1; /* NoSuchMethodError pending */
    }
    jobject global = (*env)->NewGlobalRef(env, listener);
    if (global == NULL) {
        gg_throw(env, "NewGlobalRef", 0);
        return -1;
    }
    /* on the heap: if a join times out, the thread may still use its job */
    struct gg_job *jobs = calloc((size_t)threads, sizeof *jobs);
    pthread_t *tids = calloc((size_t)threads, sizeof *tids);
    atomic_int *flags = malloc(2 * sizeof *flags); /* ready, go */
    if (jobs == NULL || tids == NULL || flags == NULL) {
        free(jobs);
        free(tids);
        free(flags);
        (*env)->DeleteGlobalRef(env, global);
        gg_throw(env, "calloc", ENOMEM);
        return -1;
    }
    atomic_init(&flags[0], 0);
    atomic_init(&flags[1], 0);
    int started = 0;
    int err = 0;
    const char *what = NULL;
    for (int i = 0; i < threads; i++) {
        struct gg_job *job = &jobs[i];
        job->vm = vm;
        job->listener = global;
        job->method = m;
        job->calls = calls;
        job->first_alone = i == 0;
        job->ready = &flags[0];
        job->go = &flags[1];
        if (numbered) {
            snprintf(job->name, sizeof job->name, "%s%d", prefix, i);
        } else {
            snprintf(job->name, sizeof job->name, "%s", prefix);
        }
        err = pthread_create(&tids[i], NULL, gg_job_main, job);
        if (err != 0) {
            what = "pthread_create";
            break;
        }
        started++;
        /* bounded waits: thread 0's first call happens before the others start,
         * and then all threads start their calls together */
        int want = i == 0 ? 1 : threads;
        for (int waited = 0; (i == 0 || i == threads - 1) && atomic_load(&flags[0]) < want; waited++) {
            if (waited >= GG_JOIN_TIMEOUT_SECONDS * 1000) {
                fprintf(stderr, "native: %s not ready after %d s\n", job->name, GG_JOIN_TIMEOUT_SECONDS);
                break;
            }
            err = gg_sleep_ms(1);
            if (err != 0) {
                what = "nanosleep";
                break;
            }
        }
        if (what != NULL) {
            break;
        }
    }
    atomic_store(&flags[1], 1); /* go, also when starting failed, so that started threads finish */
    int all_joined = 1;
    int failed = 0;
    for (int i = 0; i < started; i++) {
        int rc = gg_join(tids[i]);
        if (rc != 0) {
            fprintf(stderr, "native: joining %s: %s\n", jobs[i].name,
                    rc == ETIMEDOUT ? "timed out (deadlock?)" : strerror(rc));
            all_joined = 0;
            if (what == NULL) {
                what = "pthread_timedjoin_np";
                err = rc;
            }
        } else if (jobs[i].failed) {
            failed = 1;
        }
    }
    if (all_joined) { /* else a live thread still uses them */
        (*env)->DeleteGlobalRef(env, global);
        free(jobs);
        free(tids);
        free(flags);
    }
    if (what != NULL) {
        gg_throw(env, what, err);
        return -1;
    }
    if (failed) {
        gg_throw(env, "a native callback thread", 0);
        return -1;
    }
    return 0;
}

#endif
