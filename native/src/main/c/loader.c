/*
 * loader.c - JNI_OnLoad, NativeHooks.init0 and the calls back into Java.
 *
 * The library is loaded late, with System.load from NativeHooks.load (no -agentpath). JNI_OnLoad
 * gets the JVMTI environment and sets the event callbacks; nothing runs until init0, which the
 * Java side calls right after System.load, registers the callback class and starts the checks.
 */
#define _POSIX_C_SOURCE 200809L
#include "gilguard.h"
#include "io_gilguard_nativehooks_NativeHooks.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* See gilguard.h: written once in JNI_OnLoad, read-only afterwards. */
JavaVM *gg_vm;
jvmtiEnv *gg_jvmti;

/* All checks start off; init0 turns on those it could start. Atomics, see gilguard.h. */
atomic_int gg_on[GG_CHECK_COUNT];
atomic_int gg_vm_dead;

/*
 * Why JNI_OnLoad could not get what the checks need. Written by JNI_OnLoad only (the JVM runs it
 * once, before init0 can be called), read by init0.
 */
static char onload_problem[200];
/* Whether JNI_OnLoad got can_generate_garbage_collection_events. Same lifetime as above. */
static int gc_events_capability;
/* Whether JNI_OnLoad got can_generate_monitor_events, or why not. Same lifetime as above. */
static int monitor_events_capability;
static char monitor_events_problem[120];
/*
 * Whether JNI_OnLoad got can_support_virtual_threads (JVMTI 21+), and then init0 whether
 * VirtualThreadEnd is on. Written by JNI_OnLoad and init0 (called once, in this order, before
 * any event), read afterwards.
 */
static int virtual_thread_end;

/*
 * jvmtiEventCallbacks as JVMTI 21+ has it, whatever the headers: one function pointer per
 * event number from JVMTI_MIN_EVENT_TYPE_VAL (50) up to VirtualThreadEnd (88), reserved numbers
 * included; the JDK 17 struct stops at SampledObjectAlloc (86). void (*)(void) is C's (and
 * -Wcast-function-type's) generic function pointer; the JVM calls each with its event's type.
 */
typedef void (JNICALL *gg_any_callback)(void);
typedef union gg_callbacks {
    jvmtiEventCallbacks named;
    gg_any_callback slot[GG_JVMTI_EVENT_VIRTUAL_THREAD_END - JVMTI_MIN_EVENT_TYPE_VAL + 1];
} gg_callbacks;

/*
 * Adds can_support_virtual_threads (see gilguard.h) on a JVMTI 21+ JVM, in any phase (checked
 * live on Temurin 25: JVMTI_ERROR_NONE, and VirtualThreadEnd then comes on the ending virtual
 * thread). The headers may not name the capability: it is the bit after
 * can_generate_sampled_object_alloc_events, which is found by setting that one. 1 if added.
 */
static int add_virtual_thread_capability(jvmtiEnv *jvmti) {
    jint version = 0;
    if ((*jvmti)->GetVersionNumber(jvmti, &version) != JVMTI_ERROR_NONE) return 0;
    int major = (int) (((unsigned) version & JVMTI_VERSION_MASK_MAJOR) >> JVMTI_VERSION_SHIFT_MAJOR);
    if (major < GG_JVMTI_MAJOR_VIRTUAL_THREADS) return 0; /* no virtual threads before 21 */

    jvmtiCapabilities probe;
    memset(&probe, 0, sizeof probe);
    probe.can_generate_sampled_object_alloc_events = 1;
    const unsigned char *bytes = (const unsigned char *) &probe;
    size_t bit = 0;
    while (bit < 8 * sizeof probe && !(bytes[bit / 8] >> (bit % 8) & 1u)) bit++;
    bit++; /* the next field */
    /* the 45th capability in the order of JDK 21+'s jvmtiCapabilities: bit 44 (byte 5, bit 4
       on x86-64); anything else means a layout this code does not know */
    if (bit != 44) return 0;

    jvmtiCapabilities wanted;
    memset(&wanted, 0, sizeof wanted);
    ((unsigned char *) &wanted)[bit / 8] = (unsigned char) (1u << (bit % 8));
    return (*jvmti)->AddCapabilities(jvmti, &wanted) == JVMTI_ERROR_NONE;
}

/*
 * The Java side: NativeHooks (a global ref) and its static on* methods. Written once by init0
 * before it enables any event or wrapper (the JVMTI calls that do are the publication point);
 * `java_ready` is set last, with release order, and every report reads it with acquire order.
 */
static jclass hooks_class; /* also pins NativeHooks' class loader, so this library is never unloaded
                              and needs no JNI_OnUnload (which would have to take the wrappers out
                              of the JNI function table while threads may be running in them) */
static jmethodID on_thread_ending, on_unpaired_exit, on_exited_attached, on_foreign_env, on_check_off,
        on_monitor_entering;
static jmethodID on_monitor_contended, on_monitor_entered;
static atomic_int java_ready;

/*
 * Check-off reasons that could not be delivered when the check went off (no attached thread, or
 * before init0 finished). One slot per check, because a check goes off once. Guarded by
 * pending_lock; pending_count lets the common path skip the lock.
 */
static pthread_mutex_t pending_lock = PTHREAD_MUTEX_INITIALIZER;
static char pending_reason[GG_CHECK_COUNT][240];
static int pending_set[GG_CHECK_COUNT];
static atomic_int pending_count;

static const char *const check_names[GG_CHECK_COUNT] = {
    [GG_THREAD_END] = "thread-end",
    [GG_JNI_MONITORS] = "jni-monitors",
    [GG_EXITED_ATTACHED] = "exited-attached",
    [GG_FOREIGN_ENV] = "foreign-env",
    [GG_MONITOR_CONTENDED] = "monitor-contended",
};

const char *gg_check_name(enum gg_check check) {
    return check_names[check];
}

const char *gg_jvmti_error(jvmtiError err, char *buf, size_t size) {
    char *name = NULL;
    if (gg_jvmti != NULL && (*gg_jvmti)->GetErrorName(gg_jvmti, err, &name) == JVMTI_ERROR_NONE
            && name != NULL) {
        snprintf(buf, size, "%s (%d)", name, (int) err);
        (*gg_jvmti)->Deallocate(gg_jvmti, (unsigned char *) name);
    } else {
        snprintf(buf, size, "JVMTI error %d", (int) err);
    }
    return buf;
}

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
    (void) reserved;
    gg_vm = vm;
    jvmtiEnv *jvmti = NULL;
    jint rc = (*vm)->GetEnv(vm, (void **) &jvmti, JVMTI_VERSION_1_2);
    if (rc != JNI_OK || jvmti == NULL) {
        snprintf(onload_problem, sizeof onload_problem, "JVMTI is not available (GetEnv returned %d)", (int) rc);
        return GG_JNI_VERSION; /* the library stays loaded; init0 reports every check off */
    }
    gg_jvmti = jvmti;

    /*
     * Capabilities: ThreadStart, ThreadEnd, VMDeath and Get/SetJNIFunctionTable need none;
     * VirtualThreadEnd needs can_support_virtual_threads (added live on 21+, see above).
     * can_generate_garbage_collection_events (available live on 17 and 25) lets jni_monitors.c
     * compare objects without a JVM transition; without it that falls back to IsSameObject.
     * (can_get_owned_monitor_info would spare the record of JNI monitors, but it is not
     * available in the live phase.)
     */
    jvmtiCapabilities wanted;
    memset(&wanted, 0, sizeof wanted);
    wanted.can_generate_garbage_collection_events = 1;
    gc_events_capability = (*jvmti)->AddCapabilities(jvmti, &wanted) == JVMTI_ERROR_NONE;
    /* Monitor contention (MonitorContendedEnter/Entered): on its own, so that a JVM without it
       keeps the other checks. Available live on 17 and 25. */
    jvmtiCapabilities monitor_events;
    memset(&monitor_events, 0, sizeof monitor_events);
    monitor_events.can_generate_monitor_events = 1;
    jvmtiError added = (*jvmti)->AddCapabilities(jvmti, &monitor_events);
    monitor_events_capability = added == JVMTI_ERROR_NONE;
    if (!monitor_events_capability) {
        char e[80];
        snprintf(monitor_events_problem, sizeof monitor_events_problem,
                 "can_generate_monitor_events not available: %s", gg_jvmti_error(added, e, sizeof e));
    }
    /* JVMTI 21+: virtual threads post VirtualThreadEnd, not ThreadEnd, and only to an env with
       can_support_virtual_threads; without it one that ends holding a lock goes unseen. */
    virtual_thread_end = add_virtual_thread_capability(jvmti);

    gg_callbacks callbacks;
    memset(&callbacks, 0, sizeof callbacks);
    callbacks.named.ThreadStart = gg_on_thread_start;
    callbacks.named.ThreadEnd = gg_on_thread_end;
    callbacks.named.VMDeath = gg_on_vm_death;
    callbacks.named.GarbageCollectionStart = gg_on_gc_start;
    callbacks.named.GarbageCollectionFinish = gg_on_gc_finish;
    callbacks.named.MonitorContendedEnter = gg_on_monitor_contended_enter;
    callbacks.named.MonitorContendedEntered = gg_on_monitor_contended_entered;
    jint callbacks_size = (jint) sizeof callbacks.named;
    if (virtual_thread_end) {
        callbacks.slot[GG_JVMTI_EVENT_VIRTUAL_THREAD_END - JVMTI_MIN_EVENT_TYPE_VAL] =
                (gg_any_callback) gg_on_virtual_thread_end;
        callbacks_size = (jint) sizeof callbacks;
    }
    jvmtiError err = (*jvmti)->SetEventCallbacks(jvmti, &callbacks.named, callbacks_size);
    if (err != JVMTI_ERROR_NONE) {
        char e[80];
        snprintf(onload_problem, sizeof onload_problem, "JVMTI SetEventCallbacks failed: %s",
                 gg_jvmti_error(err, e, sizeof e));
    }
    return GG_JNI_VERSION;
}

/* Appends "; check (reason)" to a one-line summary. */
static void add_problem(char *line, size_t size, enum gg_check check, const char *reason) {
    size_t used = strlen(line);
    if (used + 1 >= size) return;
    snprintf(line + used, size - used, "%s%s (%s)", used ? "; " : "", check_names[check], reason);
}

/*
 * Called once by NativeHooks.load right after System.load. Returns NULL when every check is on,
 * else "check (why); check (why)" for those that are off.
 */
JNIEXPORT jstring JNICALL Java_io_gilguard_nativehooks_NativeHooks_init0(JNIEnv *env, jclass cls, jboolean fast_gc) {
    char problems[1024] = "";

    if (gg_jvmti == NULL || onload_problem[0] != '\0') {
        for (int c = 0; c < GG_CHECK_COUNT; c++) add_problem(problems, sizeof problems, c, onload_problem);
        return (*env)->NewStringUTF(env, problems);
    }

    hooks_class = (*env)->NewGlobalRef(env, cls);
    if (hooks_class != NULL) {
        on_thread_ending = (*env)->GetStaticMethodID(env, cls, "onThreadEnding",
                                                     "(Ljava/lang/Thread;[Ljava/lang/Object;)V");
        if (on_thread_ending) on_unpaired_exit = (*env)->GetStaticMethodID(env, cls, "onUnpairedExit",
                                                                          "(Ljava/lang/Object;)V");
        if (on_unpaired_exit) on_exited_attached = (*env)->GetStaticMethodID(env, cls, "onExitedAttached", "()V");
        if (on_exited_attached) on_foreign_env = (*env)->GetStaticMethodID(env, cls, "onForeignEnv",
                "(Ljava/lang/String;Ljava/lang/Thread;Ljava/lang/Thread;)V");
        if (on_foreign_env) on_monitor_contended = (*env)->GetStaticMethodID(env, cls, "onMonitorContended",
                                                                            "(Ljava/lang/Object;)Z");
        if (on_monitor_contended) on_monitor_entered = (*env)->GetStaticMethodID(env, cls, "onMonitorEntered",
                                                                                "(Ljava/lang/Object;)V");
        if (on_monitor_entered) on_check_off = (*env)->GetStaticMethodID(env, cls, "onCheckOff",
                                                                        "(Ljava/lang/String;Ljava/lang/String;)V");
        if (on_check_off) on_monitor_entering = (*env)->GetStaticMethodID(env, cls, "onMonitorEntering",
                                                                         "(Ljava/lang/Object;)V");
    }
    if (hooks_class == NULL || on_monitor_entering == NULL) {
        (*env)->ExceptionClear(env); /* NoSuchMethodError or OutOfMemoryError */
        for (int c = 0; c < GG_CHECK_COUNT; c++)
            add_problem(problems, sizeof problems, c, "NativeHooks callback methods not found");
        return (*env)->NewStringUTF(env, problems);
    }
    atomic_store_explicit(&java_ready, 1, memory_order_release);

    char why[240];
    for (int c = 0; c < GG_CHECK_COUNT; c++) atomic_store(&gg_on[c], 1);

    if (gg_thread_hooks_start(env, &virtual_thread_end, why, sizeof why) != NULL) {
        atomic_store(&gg_on[GG_THREAD_END], 0);
        atomic_store(&gg_on[GG_EXITED_ATTACHED], 0);
        add_problem(problems, sizeof problems, GG_THREAD_END, why);
        add_problem(problems, sizeof problems, GG_EXITED_ATTACHED, why);
    }
    if (gg_monitors_install(env, fast_gc && gc_events_capability, why, sizeof why) != NULL) {
        atomic_store(&gg_on[GG_JNI_MONITORS], 0);
        atomic_store(&gg_on[GG_FOREIGN_ENV], 0);
        add_problem(problems, sizeof problems, GG_JNI_MONITORS, why);
        add_problem(problems, sizeof problems, GG_FOREIGN_ENV, why);
    }
    if (!monitor_events_capability) {
        atomic_store(&gg_on[GG_MONITOR_CONTENDED], 0);
        add_problem(problems, sizeof problems, GG_MONITOR_CONTENDED, monitor_events_problem);
    }
    if (problems[0] == '\0') return NULL;
    jstring line = (*env)->NewStringUTF(env, problems);
    if (line == NULL) (*env)->ExceptionClear(env);
    return line;
}

JNIEXPORT jboolean JNICALL Java_io_gilguard_nativehooks_NativeHooks_virtualThreadEnd0(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
    return virtual_thread_end && gg_is_on(GG_THREAD_END) ? JNI_TRUE : JNI_FALSE;
}

/* After an init0 told not to: the Java side has since found a collector that allows it. */
JNIEXPORT void JNICALL Java_io_gilguard_nativehooks_NativeHooks_startFastIdentity0(JNIEnv *env, jclass cls) {
    (void) cls;
    if (gc_events_capability && gg_is_on(GG_JNI_MONITORS)) gg_monitors_start_fast_identity(env);
}

JNIEXPORT jboolean JNICALL Java_io_gilguard_nativehooks_NativeHooks_fastIdentity0(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
    return gg_monitors_fast_identity() ? JNI_TRUE : JNI_FALSE;
}

/* ---- turning checks off ----------------------------------------------------------------- */

void gg_check_off(JNIEnv *env, enum gg_check check, const char *fmt, ...) {
    if (!atomic_exchange(&gg_on[check], 0)) return; /* already off: said once */
    char reason[240];
    va_list args;
    va_start(args, fmt);
    vsnprintf(reason, sizeof reason, fmt, args);
    va_end(args);

    pthread_mutex_lock(&pending_lock);
    snprintf(pending_reason[check], sizeof pending_reason[check], "%s", reason);
    pending_set[check] = 1;
    atomic_fetch_add(&pending_count, 1);
    pthread_mutex_unlock(&pending_lock);

    if (env != NULL) gg_flush_check_off(env);
}

/* Brackets a call into Java: keeps a pending exception aside, gives the call its own local frame. */
_Thread_local int gg_java_calls;

static int java_call_begin(JNIEnv *env, jthrowable *saved) {
    *saved = NULL;
    if (atomic_load(&gg_vm_dead) || !atomic_load_explicit(&java_ready, memory_order_acquire)) return 0;
    if ((*env)->ExceptionCheck(env)) {
        *saved = (*env)->ExceptionOccurred(env);
        (*env)->ExceptionClear(env);
    }
    if ((*env)->PushLocalFrame(env, 8) != JNI_OK) {
        (*env)->ExceptionClear(env);
        if (*saved != NULL) {
            (*env)->Throw(env, *saved);
            (*env)->DeleteLocalRef(env, *saved);
        }
        return 0;
    }
    gg_java_calls++;
    return 1;
}

static void java_call_end(JNIEnv *env, jthrowable saved) {
    gg_java_calls--;
    /* NativeHooks.on* catch what the listener throws; this is for errors of the call itself. */
    if ((*env)->ExceptionCheck(env)) (*env)->ExceptionClear(env);
    (*env)->PopLocalFrame(env, NULL);
    if (saved != NULL) {
        (*env)->Throw(env, saved);
        (*env)->DeleteLocalRef(env, saved);
    }
}

void gg_flush_check_off(JNIEnv *env) {
    if (atomic_load_explicit(&pending_count, memory_order_relaxed) == 0) return;
    if (!atomic_load_explicit(&java_ready, memory_order_acquire)) return;
    for (int c = 0; c < GG_CHECK_COUNT; c++) {
        char reason[240];
        int have = 0;
        pthread_mutex_lock(&pending_lock);
        if (pending_set[c]) {
            memcpy(reason, pending_reason[c], sizeof reason);
            pending_set[c] = 0;
            atomic_fetch_sub(&pending_count, 1);
            have = 1;
        }
        pthread_mutex_unlock(&pending_lock);
        if (!have) continue;

        jthrowable saved;
        if (!java_call_begin(env, &saved)) return;
        jstring name = (*env)->NewStringUTF(env, check_names[c]);
        jstring why = name ? (*env)->NewStringUTF(env, reason) : NULL;
        if (why != NULL) (*env)->CallStaticVoidMethod(env, hooks_class, on_check_off, name, why);
        java_call_end(env, saved);
    }
}

/* ---- reports ---------------------------------------------------------------------------- */

void gg_report_thread_end(JNIEnv *env, jthread thread, jobjectArray monitors) {
    jthrowable saved;
    if (!java_call_begin(env, &saved)) return;
    (*env)->CallStaticVoidMethod(env, hooks_class, on_thread_ending, thread, monitors);
    java_call_end(env, saved);
}

void gg_report_unpaired_exit(JNIEnv *env, jobject monitor) {
    jthrowable saved;
    if (!java_call_begin(env, &saved)) return;
    (*env)->CallStaticVoidMethod(env, hooks_class, on_unpaired_exit, monitor);
    java_call_end(env, saved);
}

void gg_report_exited_attached(JNIEnv *env) {
    jthrowable saved;
    if (!java_call_begin(env, &saved)) return;
    (*env)->CallStaticVoidMethod(env, hooks_class, on_exited_attached);
    java_call_end(env, saved);
}

void gg_report_foreign_env(JNIEnv *env, const char *function, jobject owner, jobject user) {
    jthrowable saved;
    if (!java_call_begin(env, &saved)) return;
    jstring name = (*env)->NewStringUTF(env, function);
    if (name != NULL) (*env)->CallStaticVoidMethod(env, hooks_class, on_foreign_env, name, owner, user);
    java_call_end(env, saved);
}

void gg_report_monitor_entering(JNIEnv *env, jobject monitor) {
    jthrowable saved;
    if (!java_call_begin(env, &saved)) return;
    (*env)->CallStaticVoidMethod(env, hooks_class, on_monitor_entering, monitor);
    java_call_end(env, saved);
}

int gg_report_monitor_contended(JNIEnv *env, jobject monitor) {
    jthrowable saved;
    if (!java_call_begin(env, &saved)) return 0;
    jboolean timed = (*env)->CallStaticBooleanMethod(env, hooks_class, on_monitor_contended, monitor);
    if ((*env)->ExceptionCheck(env)) timed = JNI_FALSE;
    java_call_end(env, saved);
    return timed == JNI_TRUE;
}

void gg_report_monitor_entered(JNIEnv *env, jobject monitor) {
    jthrowable saved;
    if (!java_call_begin(env, &saved)) return;
    (*env)->CallStaticVoidMethod(env, hooks_class, on_monitor_entered, monitor);
    java_call_end(env, saved);
}
