/* The downcall of DowncallBench: a JNI method that does nothing, so that the benchmark measures
 * the crossing and gilguard's advice around it, not the native work. */
#include <jni.h>

#include "io_gilguard_bench_NativeLib.h"

JNIEXPORT void JNICALL Java_io_gilguard_bench_NativeLib_noop(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
}
