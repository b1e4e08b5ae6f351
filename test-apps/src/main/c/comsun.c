/* comsun: the native side of com.sun.gilguardtest.NativeLib, a class-path library under com.sun. */
#include "gg_common.h"
#include "com_sun_gilguardtest_NativeLib.h"

JNIEXPORT jint JNICALL Java_com_sun_gilguardtest_NativeLib_work(JNIEnv *env, jclass cls, jint n)
{
    (void)env;
    (void)cls;
    return n + 1;
}
