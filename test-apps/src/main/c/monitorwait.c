/* monitorwait: C that sleeps while its caller holds a monitor (sqlite's busy handler inside
 * synchronized native prepare_utf8), and says when it is inside, so that the waiter starts then. */
#include "gg_common.h"
#include "io_gilguard_apps_monitorwait_Db.h"

static atomic_int working;

static void work(JNIEnv *env, jint millis)
{
    atomic_store(&working, 1);
    int rc = gg_sleep_ms(millis);
    atomic_store(&working, 0);
    if (rc != 0) {
        gg_throw(env, "nanosleep", rc);
    }
}

JNIEXPORT void JNICALL Java_io_gilguard_apps_monitorwait_Db_prepare(JNIEnv *env, jobject self, jint millis)
{
    (void)self;
    work(env, millis);
}

JNIEXPORT jint JNICALL Java_io_gilguard_apps_monitorwait_Db_step(JNIEnv *env, jobject self)
{
    (void)env;
    (void)self;
    return 1;
}

JNIEXPORT void JNICALL Java_io_gilguard_apps_monitorwait_Db_work(JNIEnv *env, jclass cls, jint millis)
{
    (void)cls;
    work(env, millis);
}

JNIEXPORT jboolean JNICALL Java_io_gilguard_apps_monitorwait_Db_working(JNIEnv *env, jclass cls)
{
    (void)env;
    (void)cls;
    return atomic_load(&working) ? JNI_TRUE : JNI_FALSE;
}
