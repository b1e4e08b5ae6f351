/*
 * ggtest.c - small JNI programs for the tests of libgilguard (io.gilguard.nativehooks.TestNatives).
 * Each does one thing right or wrong with JNI monitors, native threads or JNIEnvs.
 */
#define _GNU_SOURCE
#include "io_gilguard_nativehooks_TestNatives.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

JNIEXPORT jint JNICALL Java_io_gilguard_nativehooks_TestNatives_enter(JNIEnv *env, jclass cls, jobject obj) {
    (void) cls;
    return (*env)->MonitorEnter(env, obj);
}

/* A failed MonitorExit leaves IllegalMonitorStateException pending: Java sees it thrown. */
JNIEXPORT jint JNICALL Java_io_gilguard_nativehooks_TestNatives_exit(JNIEnv *env, jclass cls, jobject obj) {
    (void) cls;
    return (*env)->MonitorExit(env, obj);
}

/* Calls back into Java (r.run()), then MonitorExit: an upcall as gilguard's report makes one. */
JNIEXPORT jint JNICALL Java_io_gilguard_nativehooks_TestNatives_exitAfterUpcall(JNIEnv *env, jclass cls, jobject obj, jobject r) {
    (void) cls;
    jclass type = (*env)->GetObjectClass(env, r);
    jmethodID run = type ? (*env)->GetMethodID(env, type, "run", "()V") : NULL;
    if (run == NULL) return -1;
    (*env)->CallVoidMethod(env, r, run);
    if ((*env)->ExceptionCheck(env)) return -2;
    return (*env)->MonitorExit(env, obj);
}

/* Throws, then (as error paths do) exits a monitor with the exception pending. */
JNIEXPORT jint JNICALL Java_io_gilguard_nativehooks_TestNatives_exitWithPending(JNIEnv *env, jclass cls, jobject obj) {
    (void) cls;
    jclass type = (*env)->FindClass(env, "java/lang/UnsupportedOperationException");
    if (type == NULL) return -1;
    (*env)->ThrowNew(env, type, "pending");
    return (*env)->MonitorExit(env, obj);
}

JNIEXPORT jint JNICALL Java_io_gilguard_nativehooks_TestNatives_enterExit(JNIEnv *env, jclass cls, jobject obj) {
    (void) cls;
    jint rc = (*env)->MonitorEnter(env, obj);
    if (rc != JNI_OK) return rc;
    return (*env)->MonitorExit(env, obj);
}

/* Exits one monitor and enters another: a native method that swaps its caller's lock. */
JNIEXPORT jint JNICALL Java_io_gilguard_nativehooks_TestNatives_swap(JNIEnv *env, jclass cls, jobject exit, jobject enter) {
    (void) cls;
    jint rc = (*env)->MonitorExit(env, exit);
    if (rc != JNI_OK) return rc;
    return (*env)->MonitorEnter(env, enter);
}

/* Modes of nativeThread, mirrored in TestNatives. */
enum {
    ENTER2_DETACH = 0,       /* attach, enter a and b, detach holding them */
    ENTER2_EXIT2_DETACH = 1, /* fixed twin */
    ATTACH_RETURN = 2,       /* attach, end the pthread without detaching */
    ATTACH_DETACH = 3,       /* fixed twin */
    ENTER_RETURN = 4,        /* attach, enter a, end without detaching */
    FOREIGN_ENV = 5,         /* attach, enter/exit a with the caller's JNIEnv, detach */
    OWN_ENV = 6,             /* fixed twin */
    FOREIGN_UNATTACHED = 7,  /* not attached: MonitorEnter with the caller's JNIEnv */
};

struct job {
    JavaVM *vm;
    JNIEnv *caller_env;
    char *name;
    jobject a, b; /* global refs */
    int mode;
    int result;   /* what the thread wants to tell: a JNI return code, or -100 - step on failure */
};

static void *run_job(void *arg) {
    struct job *job = arg;
    JNIEnv *env = NULL;
    if (job->mode == FOREIGN_UNATTACHED) {
        JNIEnv *foreign = job->caller_env;
        job->result = (*foreign)->MonitorEnter(foreign, job->a);
        return NULL;
    }
    JavaVMAttachArgs args = { JNI_VERSION_1_8, job->name, NULL };
    if ((*job->vm)->AttachCurrentThread(job->vm, (void **) &env, &args) != JNI_OK) {
        job->result = -101;
        return NULL;
    }
    job->result = 0;
    switch (job->mode) {
    case ENTER2_DETACH:
    case ENTER2_EXIT2_DETACH:
        if ((*env)->MonitorEnter(env, job->a) != JNI_OK) job->result = -102;
        if ((*env)->MonitorEnter(env, job->b) != JNI_OK) job->result = -103;
        if (job->mode == ENTER2_EXIT2_DETACH) {
            if ((*env)->MonitorExit(env, job->b) != JNI_OK) job->result = -104;
            if ((*env)->MonitorExit(env, job->a) != JNI_OK) job->result = -105;
        }
        if ((*job->vm)->DetachCurrentThread(job->vm) != JNI_OK) job->result = -106;
        break;
    case ATTACH_RETURN:
        break;
    case ATTACH_DETACH:
        if ((*job->vm)->DetachCurrentThread(job->vm) != JNI_OK) job->result = -106;
        break;
    case ENTER_RETURN:
        if ((*env)->MonitorEnter(env, job->a) != JNI_OK) job->result = -102;
        break;
    case FOREIGN_ENV:
    case OWN_ENV: {
        JNIEnv *use = job->mode == FOREIGN_ENV ? job->caller_env : env;
        if ((*use)->MonitorEnter(use, job->a) != JNI_OK) job->result = -102;
        if ((*use)->MonitorExit(use, job->a) != JNI_OK) job->result = -104;
        if ((*job->vm)->DetachCurrentThread(job->vm) != JNI_OK) job->result = -106;
        break;
    }
    default:
        job->result = -199;
    }
    return NULL;
}

/* Runs one job on a new pthread and waits for it. Returns job->result, or -1xx on set-up failure. */
JNIEXPORT jint JNICALL Java_io_gilguard_nativehooks_TestNatives_nativeThread(
        JNIEnv *env, jclass cls, jstring name, jobject a, jobject b, jint mode) {
    (void) cls;
    struct job job;
    memset(&job, 0, sizeof job);
    if ((*env)->GetJavaVM(env, &job.vm) != JNI_OK) return -110;
    job.caller_env = env;
    job.mode = mode;
    const char *utf = (*env)->GetStringUTFChars(env, name, NULL);
    if (utf == NULL) return -111;
    job.name = strdup(utf);
    (*env)->ReleaseStringUTFChars(env, name, utf);
    if (job.name == NULL) return -112;
    job.a = a != NULL ? (*env)->NewGlobalRef(env, a) : NULL;
    job.b = b != NULL ? (*env)->NewGlobalRef(env, b) : NULL;

    pthread_t thread;
    jint result;
    if (pthread_create(&thread, NULL, run_job, &job) != 0) {
        result = -113;
    } else if (pthread_join(thread, NULL) != 0) {
        result = -114;
    } else {
        result = job.result;
    }
    if (job.a != NULL) (*env)->DeleteGlobalRef(env, job.a);
    if (job.b != NULL) (*env)->DeleteGlobalRef(env, job.b);
    free(job.name);
    return result;
}

/* For JNA (not JNI): calls cb on a new native pthread and joins it. */
typedef void (*gg_callback)(void);

static void *run_callback(void *arg) {
    gg_callback cb = *(gg_callback *) arg;
    cb();
    return NULL;
}

JNIEXPORT int gg_call_on_native_thread(gg_callback cb) {
    pthread_t thread;
    if (pthread_create(&thread, NULL, run_callback, &cb) != 0) return -1;
    return pthread_join(thread, NULL);
}

static jlong now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (jlong) ts.tv_sec * 1000000000L + ts.tv_nsec;
}

/* n MonitorEnter/MonitorExit pairs on obj; the elapsed nanoseconds, or -1 on a failure. */
JNIEXPORT jlong JNICALL Java_io_gilguard_nativehooks_TestNatives_timePairs(JNIEnv *env, jclass cls, jobject obj, jint n) {
    (void) cls;
    jlong start = now_ns();
    for (jint i = 0; i < n; i++) {
        if ((*env)->MonitorEnter(env, obj) != JNI_OK) return -1;
        if ((*env)->MonitorExit(env, obj) != JNI_OK) return -1;
    }
    return now_ns() - start;
}

/* Nested: n times enter a, enter b, exit b, exit a. */
JNIEXPORT jlong JNICALL Java_io_gilguard_nativehooks_TestNatives_timeNested(JNIEnv *env, jclass cls, jobject a, jobject b, jint n) {
    (void) cls;
    jlong start = now_ns();
    for (jint i = 0; i < n; i++) {
        if ((*env)->MonitorEnter(env, a) != JNI_OK) return -1;
        if ((*env)->MonitorEnter(env, b) != JNI_OK) return -1;
        if ((*env)->MonitorExit(env, b) != JNI_OK) return -1;
        if ((*env)->MonitorExit(env, a) != JNI_OK) return -1;
    }
    return now_ns() - start;
}

JNIEXPORT jint JNICALL Java_io_gilguard_nativehooks_TestNatives_nop(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
    return 0;
}
