/*
 * monitor_contention.c - JVMTI MonitorContendedEnter/MonitorContendedEntered, for CONTENDED on
 * monitors: a thread that blocks entering a monitor (a synchronized block or method) tells Java,
 * which times the wait when the monitor is a tracked lock held by a thread inside native code,
 * and is told again when the thread has the monitor.
 *
 * The JVM posts these events only on its slow path, when the monitor is owned by another thread:
 * an uncontended monitorenter runs exactly as without gilguard. can_generate_monitor_events is
 * available in the live phase on 17 and 25 (checked: added from JNI_OnLoad of a library loaded
 * with System.load); where it is not, the check is off and said so, like any other. The events
 * are enabled only while the Java side asks (the rules name a lock that may be a monitor), so a
 * program without such a lock pays nothing either on its contended path.
 */
#include "gilguard.h"
#include "io_gilguard_nativehooks_NativeHooks.h"

#include <stdio.h>

/*
 * This thread is inside one of the callbacks below: the Java side's own contention (a lock of
 * the runtime, class loading) is not the application's, and must not bring it back here.
 */
static _Thread_local int in_callback;
/*
 * The Java side timed this thread's wait (Enter returned true) and waits for Entered. Per
 * carrier thread: on JDK 24+ a virtual thread blocked on a monitor may come back on another
 * carrier, and then the Java side ends the wait at the ledger's next acquisition instead.
 */
static _Thread_local int timed;

void JNICALL gg_on_monitor_contended_enter(jvmtiEnv *jvmti, JNIEnv *env, jthread thread, jobject object) {
    (void) jvmti;
    (void) thread;
    if (in_callback || !gg_is_on(GG_MONITOR_CONTENDED)) return;
    in_callback = 1;
    timed = gg_report_monitor_contended(env, object);
    in_callback = 0;
}

void JNICALL gg_on_monitor_contended_entered(jvmtiEnv *jvmti, JNIEnv *env, jthread thread, jobject object) {
    (void) jvmti;
    (void) thread;
    if (in_callback || !timed) return;
    timed = 0;
    in_callback = 1;
    gg_report_monitor_entered(env, object);
    in_callback = 0;
}

/*
 * Turns both events on or off for every thread. NULL, or why not: then the check is off. A
 * failure to turn one off leaves the callbacks, which find the check off and return.
 */
static const char *enable(JNIEnv *env, jboolean on, char *why, size_t size) {
    if (!gg_is_on(GG_MONITOR_CONTENDED)) {
        snprintf(why, size, "the check is off");
        return why;
    }
    static const jvmtiEvent events[] = { JVMTI_EVENT_MONITOR_CONTENDED_ENTER, JVMTI_EVENT_MONITOR_CONTENDED_ENTERED };
    static const char *const names[] = { "MonitorContendedEnter", "MonitorContendedEntered" };
    jvmtiEventMode mode = on ? JVMTI_ENABLE : JVMTI_DISABLE;
    for (size_t i = 0; i < sizeof events / sizeof events[0]; i++) {
        jvmtiError err = (*gg_jvmti)->SetEventNotificationMode(gg_jvmti, mode, events[i], NULL);
        if (err != JVMTI_ERROR_NONE) {
            char e[80];
            snprintf(why, size, "%s JVMTI %s failed: %s", on ? "enabling" : "disabling", names[i],
                     gg_jvmti_error(err, e, sizeof e));
            gg_check_off(env, GG_MONITOR_CONTENDED, "%s", why);
            return why;
        }
    }
    return NULL;
}

JNIEXPORT jstring JNICALL Java_io_gilguard_nativehooks_NativeHooks_monitorContention0(JNIEnv *env, jclass cls,
                                                                                  jboolean on) {
    (void) cls;
    char why[240];
    if (enable(env, on, why, sizeof why) == NULL) return NULL;
    jstring line = (*env)->NewStringUTF(env, why);
    if (line == NULL) (*env)->ExceptionClear(env);
    return line;
}
