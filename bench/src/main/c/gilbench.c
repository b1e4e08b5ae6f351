/* The downcall of DowncallBench: a JNI method that does nothing, so that the benchmark measures
 * the crossing and gilguard's advice around it, not the native work. And the JNI monitor pair of
 * JniMonitorBench, which measures the native hooks' MonitorEnter/MonitorExit wrappers. */
#include <jni.h>
#include <stdio.h>
#include <stdlib.h>

#include "io_gilguard_bench_NativeLib.h"

JNIEXPORT void JNICALL Java_io_gilguard_bench_NativeLib_noop(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
}

/* HeldDowncallBench's: the same nothing, called while the thread holds a tracked lock. */
JNIEXPORT void JNICALL Java_io_gilguard_bench_NativeLib_noopHeld(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
}

JNIEXPORT void JNICALL Java_io_gilguard_bench_NativeLib_monitorPair(JNIEnv *env, jclass cls, jobject lock) {
    (void) cls;
    if ((*env)->MonitorEnter(env, lock) != JNI_OK) {
        fprintf(stderr, "gilbench: MonitorEnter failed\n");
        abort(); /* a benchmark that does not do what it says must not report a number */
    }
    if ((*env)->MonitorExit(env, lock) != JNI_OK) {
        fprintf(stderr, "gilbench: MonitorExit failed\n");
        abort();
    }
}

/* The downcall of FfmDowncallBench, through an FFM downcall handle (JDK 22+): nothing either. */
int gilbench_nothing(void) {
    return 0;
}

/* JnaBench: a plain C function JNA calls through an interface (no JNIEnv). */
int gilbench_jna_noop(void) {
    return 0;
}

/* JniOrderBench's pair: the same as monitorPair, called holding a tracked lock under a rule. */
JNIEXPORT void JNICALL Java_io_gilguard_bench_NativeLib_monitorPairHeld(JNIEnv *env, jclass cls, jobject lock) {
    Java_io_gilguard_bench_NativeLib_monitorPair(env, cls, lock);
}

/* Callbacks and its callback, found once: the benchmark thread is the only caller. */
static jclass callbacks_class;
static jmethodID callback_method;

/* JniOrderBench's upcall under a JNI monitor: native code holding a monitor calls back into Java. */
JNIEXPORT jint JNICALL Java_io_gilguard_bench_NativeLib_callbackUnderMonitor(JNIEnv *env, jclass cls, jobject lock,
                                                                           jint delta) {
    (void) cls;
    if (callback_method == NULL) {
        jclass found = (*env)->FindClass(env, "io/gilguard/bench/Callbacks");
        if (found == NULL) abort(); /* NoClassDefFoundError: no number to report */
        callbacks_class = (*env)->NewGlobalRef(env, found);
        (*env)->DeleteLocalRef(env, found);
        if (callbacks_class == NULL) abort();
        callback_method = (*env)->GetStaticMethodID(env, callbacks_class, "callback", "(I)I");
        if (callback_method == NULL) abort();
    }
    if ((*env)->MonitorEnter(env, lock) != JNI_OK) {
        fprintf(stderr, "gilbench: MonitorEnter failed\n");
        abort();
    }
    jint r = (*env)->CallStaticIntMethod(env, callbacks_class, callback_method, delta);
    if ((*env)->ExceptionCheck(env)) {
        (*env)->ExceptionDescribe(env);
        abort();
    }
    if ((*env)->MonitorExit(env, lock) != JNI_OK) {
        fprintf(stderr, "gilbench: MonitorExit failed\n");
        abort();
    }
    return r;
}
