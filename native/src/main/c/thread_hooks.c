/*
 * thread_hooks.c - thread start and end, and native threads that end still attached.
 *
 * ThreadStart (also posted when a native thread attaches with AttachCurrentThread) gives the
 * thread its record and arms a pthread key. ThreadEnd (also posted by DetachCurrentThread, before
 * the JVM releases the thread's JNI monitors) reports the JNI monitors still held, disarms the
 * key and recycles the record. So when the key's destructor runs, the pthread is exiting while
 * still attached: HotSpot 17 and 25 would keep the dead thread in their thread list for ever
 * (alive, RUNNABLE, its monitors held, and DestroyJavaVM waiting for it if it is not a daemon).
 * The destructor reports it, then detaches the thread itself, which releases its monitors and
 * makes ThreadEnd report them.
 */
#define _POSIX_C_SOURCE 200809L
#include "gilguard.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Thread_local gg_thread *gg_self;

/*
 * The pthread key whose destructor notices a pthread exit without ThreadEnd. Created once by
 * gg_thread_hooks_start (before the events that set it are enabled), never changed afterwards;
 * key_ready (release/acquire) says it can be used.
 */
static pthread_key_t exit_key;
static atomic_int key_ready;

/*
 * Pool of records. Records are never freed (see gilguard.h); ended threads' records are kept on
 * pool_free for the next thread. Guarded by pool_lock.
 */
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static gg_thread *pool_free;

/*
 * Registry JNIEnv -> record of its thread, to name the owner of a JNIEnv used on a foreign
 * thread. Guarded by registry_lock, which is held only for a few pointer operations and one
 * NewLocalRef (gg_env_owner); the threads that wait for it are in native state, so they do not
 * hold up a safepoint.
 */
#define REGISTRY_BUCKETS 256
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static gg_thread *registry[REGISTRY_BUCKETS];

static size_t bucket_of(JNIEnv *env) {
    uintptr_t p = (uintptr_t) env;
    return (size_t) ((p >> 4) ^ (p >> 12)) % REGISTRY_BUCKETS;
}

static void registry_add(gg_thread *t) {
    pthread_mutex_lock(&registry_lock);
    gg_thread **slot = &registry[bucket_of(t->env)];
    /* A JNIEnv lives in its JavaThread, so a new thread can get the address of a dead one whose
       record was never removed (if ThreadEnd was off): the newest record wins. */
    for (gg_thread **p = slot; *p != NULL; p = &(*p)->next) {
        if ((*p)->env == t->env) {
            *p = (*p)->next;
            break;
        }
    }
    t->next = *slot;
    *slot = t;
    pthread_mutex_unlock(&registry_lock);
}

static void registry_remove(gg_thread *t) {
    pthread_mutex_lock(&registry_lock);
    for (gg_thread **p = &registry[bucket_of(t->env)]; *p != NULL; p = &(*p)->next) {
        if (*p == t) {
            *p = t->next;
            break;
        }
    }
    t->next = NULL;
    pthread_mutex_unlock(&registry_lock);
}

jobject gg_env_owner(JNIEnv *me, JNIEnv *other) {
    jobject owner = NULL;
    pthread_mutex_lock(&registry_lock);
    for (gg_thread *t = registry[bucket_of(other)]; t != NULL; t = t->next) {
        if (t->env == other) {
            if (t->thread != NULL) owner = (*me)->NewLocalRef(me, t->thread);
            break;
        }
    }
    pthread_mutex_unlock(&registry_lock);
    return owner;
}

static gg_thread *pool_get(void) {
    pthread_mutex_lock(&pool_lock);
    gg_thread *t = pool_free;
    if (t != NULL) pool_free = t->next;
    pthread_mutex_unlock(&pool_lock);
    if (t == NULL) t = malloc(sizeof *t);
    if (t == NULL) return NULL;
    memset(t, 0, sizeof *t);
    t->held = t->inline_held;
    t->cap = GG_INLINE_HELD;
    return t;
}

static void pool_put(gg_thread *t) {
    if (t->held != t->inline_held) free(t->held);
    t->held = t->inline_held;
    t->cap = GG_INLINE_HELD;
    t->n = 0;
    t->depth = 0;
    t->site = 0;
    t->order_key = 0; /* a stale view's writes land here after the end: none may outlive it */
    t->nodes_lo = 0;
    t->nodes_hi = 0;
    t->unknown = 0;
    t->nodes_gen = 0;
    t->env = NULL;
    pthread_mutex_lock(&pool_lock);
    t->next = pool_free;
    pool_free = t;
    pthread_mutex_unlock(&pool_lock);
}

static void arm_exit_key(gg_thread *t) {
    if (!atomic_load_explicit(&key_ready, memory_order_acquire)) return;
    if (pthread_setspecific(exit_key, t) != 0) {
        /* Only ENOMEM is possible here; without the key this thread's exit is not watched. */
        gg_check_off(t->env, GG_EXITED_ATTACHED, "pthread_setspecific failed");
    }
}

static void disarm_exit_key(void) {
    if (atomic_load_explicit(&key_ready, memory_order_acquire)) (void) pthread_setspecific(exit_key, NULL);
}

/* Drops a record: its refs, its registry entry, the thread-local pointer. */
static void forget(JNIEnv *env, gg_thread *t) {
    if (t == NULL) return;
    registry_remove(t);
    gg_monitors_clear(env, t);
    if (t->thread != NULL) {
        (*env)->DeleteWeakGlobalRef(env, t->thread);
        t->thread = NULL;
    }
    if (gg_self == t) gg_self = NULL;
    pool_put(t);
}

gg_thread *gg_self_for(JNIEnv *env) {
    gg_thread *t = gg_self;
    if (t != NULL && t->env == env) return t;
    if (t != NULL) forget(env, t); /* stale: detached and attached again without a ThreadEnd */

    t = pool_get();
    if (t == NULL) {
        gg_check_off(env, GG_JNI_MONITORS, "out of memory for a thread record");
        return NULL;
    }
    t->env = env;
    jthread current = NULL;
    if ((*gg_jvmti)->GetCurrentThread(gg_jvmti, &current) == JVMTI_ERROR_NONE && current != NULL) {
        t->thread = (*env)->NewWeakGlobalRef(env, current);
        if (t->thread == NULL) (*env)->ExceptionClear(env); /* only names the owner in reports */
        (*env)->DeleteLocalRef(env, current);
    }
    gg_self = t;
    registry_add(t);
    arm_exit_key(t);
    return t;
}

/*
 * The key's destructor: the pthread is exiting and ThreadEnd has not disarmed the key. The
 * destructor re-arms itself for the first rounds (glibc runs up to PTHREAD_DESTRUCTOR_ITERATIONS
 * rounds while values are set), so that a library that detaches its threads from a destructor
 * of its own (JNA does) gets to do so first; C++ thread_local destructors (the FFM API's
 * automatic detach) run before any round. Only if the thread is still attached in the last
 * round is it reported and detached.
 */
static void on_pthread_exit(void *value) {
    gg_thread *t = value;
    if (t == NULL || atomic_load(&gg_vm_dead)) return;
    if (++t->exit_rounds < PTHREAD_DESTRUCTOR_ITERATIONS) {
        if (pthread_setspecific(exit_key, t) == 0) return;
    }
    JNIEnv *env = NULL;
    if ((*gg_vm)->GetEnv(gg_vm, (void **) &env, GG_JNI_VERSION) != JNI_OK || env == NULL) {
        return; /* not attached any more: never call into the JVM from here */
    }
    if (!gg_is_on(GG_EXITED_ATTACHED)) return;
    gg_report_exited_attached(env);
    /* HotSpot supports detaching from a key destructor (its own key restores itself for that).
       This posts ThreadEnd, which reports the thread's JNI monitors, then releases them. */
    jint rc = (*gg_vm)->DetachCurrentThread(gg_vm);
    if (rc != JNI_OK) {
        /* JNI_ERR: Java frames on the stack (pthread_exit inside a native method). Leave it. */
        gg_check_off(env, GG_EXITED_ATTACHED, "DetachCurrentThread of an exiting thread failed (%d)", (int) rc);
    }
}

const char *gg_thread_hooks_start(JNIEnv *env, int *virtual_threads, char *why, size_t size) {
    int prc = pthread_key_create(&exit_key, on_pthread_exit);
    if (prc != 0) {
        snprintf(why, size, "pthread_key_create failed (%s)", strerror(prc));
        return why;
    }
    atomic_store_explicit(&key_ready, 1, memory_order_release);

    /* The loading thread gets its record now, like the threads that start from now on. */
    (void) gg_self_for(env);

    static const jvmtiEvent events[] = { JVMTI_EVENT_VM_DEATH, JVMTI_EVENT_THREAD_START, JVMTI_EVENT_THREAD_END };
    static const char *const names[] = { "VMDeath", "ThreadStart", "ThreadEnd" };
    for (size_t i = 0; i < sizeof events / sizeof events[0]; i++) {
        jvmtiError err = (*gg_jvmti)->SetEventNotificationMode(gg_jvmti, JVMTI_ENABLE, events[i], NULL);
        if (err != JVMTI_ERROR_NONE) {
            char e[80];
            snprintf(why, size, "enabling JVMTI %s failed: %s", names[i], gg_jvmti_error(err, e, sizeof e));
            for (size_t j = 0; j < i; j++) {
                (void) (*gg_jvmti)->SetEventNotificationMode(gg_jvmti, JVMTI_DISABLE, events[j], NULL);
            }
            /* Without ThreadEnd the key would fire for every thread: do not arm it any more. */
            atomic_store_explicit(&key_ready, 0, memory_order_release);
            disarm_exit_key();
            *virtual_threads = 0;
            return why;
        }
    }
    if (*virtual_threads && (*gg_jvmti)->SetEventNotificationMode(gg_jvmti, JVMTI_ENABLE,
            (jvmtiEvent) GG_JVMTI_EVENT_VIRTUAL_THREAD_END, NULL) != JVMTI_ERROR_NONE) {
        *virtual_threads = 0; /* virtual threads end unseen, as on a JVM without them */
    }
    return NULL;
}

void JNICALL gg_on_thread_start(jvmtiEnv *jvmti, JNIEnv *env, jthread thread) {
    (void) jvmti;
    (void) thread;
    (void) gg_self_for(env);
    gg_flush_check_off(env);
    gg_monitors_flush_deferred(env);
}

void JNICALL gg_on_thread_end(jvmtiEnv *jvmti, JNIEnv *env, jthread thread) {
    (void) jvmti;
    disarm_exit_key(); /* this thread ends the proper way */
    gg_thread *t = gg_self;
    if (t != NULL && t->env != env) t = NULL; /* stale record of an earlier attachment */

    if (gg_is_on(GG_THREAD_END)) {
        if ((*env)->PushLocalFrame(env, 4) == JNI_OK) {
            jobjectArray monitors = gg_monitors_collect(env, t);
            if (monitors != NULL) {
                gg_report_thread_end(env, thread, monitors);
            } else {
                (*env)->ExceptionClear(env);
                gg_check_off(env, GG_THREAD_END, "could not build the array of JNI monitors (out of memory)");
            }
            (*env)->PopLocalFrame(env, NULL);
        } else {
            (*env)->ExceptionClear(env);
        }
    }
    forget(env, gg_self);
    gg_flush_check_off(env);
    gg_monitors_flush_deferred(env);
}

/*
 * JVMTI VirtualThreadEnd (JVMTI 21+), on the ending virtual thread, mounted on its carrier. The
 * record of JNI monitors is the carrier's (an OS thread's) and stays with it, so the array is
 * empty; the listener reports what the virtual thread's own ledger still holds.
 */
void JNICALL gg_on_virtual_thread_end(jvmtiEnv *jvmti, JNIEnv *env, jthread virtual_thread) {
    (void) jvmti;
    if (gg_is_on(GG_THREAD_END)) {
        if ((*env)->PushLocalFrame(env, 4) == JNI_OK) {
            jobjectArray none = gg_monitors_collect(env, NULL);
            if (none != NULL) {
                gg_report_thread_end(env, virtual_thread, none);
            } else {
                gg_check_off(env, GG_THREAD_END, "could not build an empty array (out of memory)");
            }
            (*env)->PopLocalFrame(env, NULL);
        } else {
            (*env)->ExceptionClear(env);
        }
    }
    gg_flush_check_off(env);
    gg_monitors_flush_deferred(env);
}

void JNICALL gg_on_vm_death(jvmtiEnv *jvmti, JNIEnv *env) {
    (void) jvmti;
    (void) env;
    /* From now on no report calls Java, and no key destructor touches the JVM. */
    atomic_store(&gg_vm_dead, 1);
}
