/* ChurnBench: a native thread that attaches to the JVM, calls back into Java once and detaches,
 * as RocksDB's and JNA's callback threads do; the benchmark's thread waits for it to end. */
#include <jni.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "io_gilguard_bench_ChurnLib.h"

struct call {
    JavaVM *vm;
    jobject target; /* a global reference: the new thread cannot use the caller's local one */
    jmethodID run;
};

static void fail(const char *what) {
    fprintf(stderr, "churn: %s\n", what);
    abort(); /* a benchmark that does not do what it says must not report a number */
}

static void *attached(void *arg) {
    struct call *c = arg;
    JNIEnv *env;
    if ((*c->vm)->AttachCurrentThread(c->vm, (void **) &env, NULL) != JNI_OK) {
        fail("AttachCurrentThread failed");
    }
    (*env)->CallVoidMethod(env, c->target, c->run);
    if ((*env)->ExceptionCheck(env)) {
        fail("the callback threw");
    }
    if ((*c->vm)->DetachCurrentThread(c->vm) != JNI_OK) {
        fail("DetachCurrentThread failed");
    }
    return NULL;
}

JNIEXPORT void JNICALL Java_io_gilguard_bench_ChurnLib_callOnNewThread(JNIEnv *env, jclass cls, jobject target) {
    (void) cls;
    struct call c;
    if ((*env)->GetJavaVM(env, &c.vm) != JNI_OK) {
        fail("GetJavaVM failed");
    }
    jclass type = (*env)->GetObjectClass(env, target);
    c.run = (*env)->GetMethodID(env, type, "run", "()V");
    if (c.run == NULL) {
        fail("the target has no run()");
    }
    c.target = (*env)->NewGlobalRef(env, target);
    if (c.target == NULL) {
        fail("NewGlobalRef failed");
    }
    pthread_t thread;
    if (pthread_create(&thread, NULL, attached, &c) != 0) {
        fail("pthread_create failed");
    }
    if (pthread_join(thread, NULL) != 0) {
        fail("pthread_join failed");
    }
    (*env)->DeleteGlobalRef(env, c.target);
    (*env)->DeleteLocalRef(env, type);
}
