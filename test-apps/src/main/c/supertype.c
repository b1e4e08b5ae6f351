/* supertype: the native implementations of Stepper, Api and Codec, reached through those supertypes. */
#include "gg_common.h"
#include "io_gilguard_apps_supertype_NativeStepper.h"
#include "io_gilguard_apps_supertype_NativeApi.h"
#include "io_gilguard_apps_supertype_LateApi.h"
#include "io_gilguard_apps_supertype_NativeCodec.h"

JNIEXPORT jint JNICALL Java_io_gilguard_apps_supertype_NativeStepper_step(JNIEnv *env, jobject self, jint x)
{
    (void)env;
    (void)self;
    return x + 1;
}

JNIEXPORT jlong JNICALL Java_io_gilguard_apps_supertype_NativeStepper_scale(JNIEnv *env, jobject self, jlong x,
                                                                           jdouble factor)
{
    (void)env;
    (void)self;
    return (jlong)((jdouble)x * factor);
}

JNIEXPORT jint JNICALL Java_io_gilguard_apps_supertype_NativeApi_compute(JNIEnv *env, jobject self, jint x)
{
    (void)env;
    (void)self;
    return x * 2;
}

JNIEXPORT jint JNICALL Java_io_gilguard_apps_supertype_LateApi_compute(JNIEnv *env, jobject self, jint x)
{
    (void)env;
    (void)self;
    return x * 2;
}

JNIEXPORT jint JNICALL Java_io_gilguard_apps_supertype_NativeCodec_encode(JNIEnv *env, jobject self, jint x)
{
    (void)env;
    (void)self;
    return x + 7;
}
