/*
 * jni_monitors.c - MonitorEnter/MonitorExit wrappers and the per-thread record of JNI monitors.
 *
 * The JVM cannot tell us in the live phase which monitors a thread entered through JNI
 * (can_get_owned_monitor_info is not available), so the wrappers keep that record themselves,
 * in the thread's gg_thread: a stack of (weak ref, count), oldest first.
 *
 * Stamps. Every MonitorEnter and every MonitorExit that ends an entry takes the next value of a
 * per-thread counter (seq64; its low 32 bits are `seq`, which Java reads beside `depth`). An
 * entry keeps the stamps of its first and latest MonitorEnter, and, handed on through the spares,
 * the spans of the object's earlier entries. A downcall reads (seq, depth) on its way in; on its
 * way out, the same seq means nothing was entered, and otherwise (with a monitor held)
 * jniMonitorsSince0 tells from the stamps which monitors the call entered and kept, whatever the
 * depth says (a call that exits its caller's monitor and enters another keeps the depth).
 *
 * Identity. The wrappers get local refs, so objects must be compared as objects. IsSameObject
 * does that, but each call is a JVM transition (about 11 ns here), and a pair needs two (bind the
 * entered object to a kept ref, find it again at exit): +25 ns on a 40 ns pair. So, where it is
 * sound, same_object() compares the oops in the two handle slots instead: a JNI reference in
 * HotSpot points to a slot holding the object's address (weak and, from JDK 21, global refs are
 * tagged in the low two bits). The addresses only change while a GC moves objects; under G1
 * every such pause is bracketed by JVMTI GarbageCollectionStart/Finish (checked on 17 and 25;
 * NOT so under Serial and Parallel on 17, where the full GCs of a heap dump or live class
 * histogram post no event), so a read between two equal, even values of gc_epoch is a consistent
 * snapshot. The Java side turns this on only under G1; a self-test at install checks the slot
 * layout, and one verdict in 256 is cross-checked with IsSameObject (a mismatch turns it off for
 * good). A "different" verdict is never trusted for a report (a miss is searched again with
 * IsSameObject), and every report is checked against the JVM's own view in NativeHooks
 * (holdsLock, locked monitors): a wrong verdict can cost a report, never make a false one.
 *
 * The wrappers also check that the JNIEnv passed is the calling thread's own (the record keeps
 * it, so that is one pointer compare). A JNIEnv of another thread is reported; on a thread that
 * is attached the call is then made with the thread's own env, and on a thread that is not
 * attached it is refused (JNI_ERR), because the JVM would act on the state of the thread the env
 * belongs to.
 */
#define _POSIX_C_SOURCE 200809L
#include "gilguard.h"
#include "io_gilguard_nativehooks_NativeHooks.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The functions the wrappers call through: those of the table in force when the wrappers were
 * installed (the checked ones under -Xcheck:jni). Written once before SetJNIFunctionTable makes
 * the wrappers reachable, read-only afterwards.
 */
static jint (JNICALL *orig_enter)(JNIEnv *env, jobject obj);
static jint (JNICALL *orig_exit)(JNIEnv *env, jobject obj);

/* The table handed to SetJNIFunctionTable. Only gg_monitors_install writes it, before the call. */
static struct JNINativeInterface_ wrapped_table;

/* java.lang.Object, for the arrays of ThreadEnd reports. A global ref set once by install. */
static jclass object_class;

/*
 * GC epoch: incremented at GarbageCollectionStart and at GarbageCollectionFinish, so it is odd
 * while a pause runs. Written by the GC callbacks (VM thread), read by the wrappers.
 * fast_identity: 1 while same_object() may compare raw slots; set by install, cleared (for
 * good) by a failed cross-check or unbalanced GC events. Both atomics.
 */
static atomic_uint gc_epoch;
static atomic_int fast_identity;

void JNICALL gg_on_gc_start(jvmtiEnv *jvmti) {
    (void) jvmti;
    if ((atomic_fetch_add(&gc_epoch, 1) & 1u) != 0) atomic_store(&fast_identity, 0); /* unbalanced */
}

void JNICALL gg_on_gc_finish(jvmtiEnv *jvmti) {
    (void) jvmti;
    if ((atomic_fetch_add(&gc_epoch, 1) & 1u) == 0) atomic_store(&fast_identity, 0); /* unbalanced */
}

int gg_monitors_fast_identity(void) {
    return atomic_load_explicit(&fast_identity, memory_order_relaxed);
}

/* The oop in a reference's slot (tag bits stripped). Racy by design: see same_object. */
static inline uintptr_t slot_value(jobject ref) {
    const uintptr_t *slot = (const uintptr_t *) ((uintptr_t) ref & ~(uintptr_t) 3);
    return __atomic_load_n(slot, __ATOMIC_RELAXED);
}

/* 1 same object, 0 different (or x cleared), -1 cannot tell now (a GC runs or ran meanwhile). */
static inline int raw_same(jobject x, jobject y) {
    unsigned before = atomic_load_explicit(&gc_epoch, memory_order_acquire);
    if (before & 1u) return -1;
    uintptr_t a = slot_value(x);
    uintptr_t b = slot_value(y);
    atomic_thread_fence(memory_order_acquire);
    if (atomic_load_explicit(&gc_epoch, memory_order_relaxed) != before) return -1;
    return a != 0 && a == b;
}

/* same_object's cross-check and exact path, out of line. verdict: raw_same's, or -2 if not tried. */
static __attribute__((noinline)) int same_object_slow(JNIEnv *env, jobject x, jobject y, int verdict) {
    jboolean same = (*env)->IsSameObject(env, x, y);
    if (verdict >= 0 && same != (verdict ? JNI_TRUE : JNI_FALSE)) {
        atomic_store(&fast_identity, 0); /* the slot layout is not what we think: stop */
    }
    return same ? 1 : 0;
}

/*
 * Whether x and y refer to the same object. x is one of our weak refs (possibly cleared), y the
 * caller's reference (not null). exact: use IsSameObject whatever the mode.
 */
static inline int same_object(JNIEnv *env, gg_thread *self, jobject x, jobject y, int exact) {
    int verdict = -2;
    if (!exact && atomic_load_explicit(&fast_identity, memory_order_relaxed)) {
        verdict = raw_same(x, y);
        if (verdict >= 0 && (++self->fast_checks & 255u) != 0) return verdict;
    }
    return same_object_slow(env, x, y, verdict);
}

/* Checks at install that raw slot comparison agrees with IsSameObject on this JVM. */
static int fast_identity_self_test(JNIEnv *env, jclass object) {
    int ok = 0;
    jobject a = (*env)->AllocObject(env, object);
    jobject b = a ? (*env)->AllocObject(env, object) : NULL;
    jweak wa = b ? (*env)->NewWeakGlobalRef(env, a) : NULL;
    jobject ga = wa ? (*env)->NewGlobalRef(env, a) : NULL;
    if (ga != NULL) {
        for (int attempt = 0; attempt < 100 && !ok; attempt++) {
            int r1 = raw_same(wa, a), r2 = raw_same(ga, a), r3 = raw_same(wa, ga);
            int r4 = raw_same(wa, b), r5 = raw_same(a, b);
            if (r1 < 0 || r2 < 0 || r3 < 0 || r4 < 0 || r5 < 0) {
                (void) (*env)->ExceptionCheck(env); /* a JVM transition: waits for the GC to end */
                continue;
            }
            ok = r1 == 1 && r2 == 1 && r3 == 1 && r4 == 0 && r5 == 0;
            break;
        }
    }
    (*env)->ExceptionClear(env);
    if (ga != NULL) (*env)->DeleteGlobalRef(env, ga);
    if (wa != NULL) (*env)->DeleteWeakGlobalRef(env, wa);
    if (b != NULL) (*env)->DeleteLocalRef(env, b);
    if (a != NULL) (*env)->DeleteLocalRef(env, a);
    return ok;
}

/* Starts the GC events and, if the self-test passes, the raw comparison. */
static void start_fast_identity(JNIEnv *env, jclass object) {
    if ((*gg_jvmti)->SetEventNotificationMode(gg_jvmti, JVMTI_ENABLE, JVMTI_EVENT_GARBAGE_COLLECTION_START, NULL)
            != JVMTI_ERROR_NONE) {
        return;
    }
    if ((*gg_jvmti)->SetEventNotificationMode(gg_jvmti, JVMTI_ENABLE, JVMTI_EVENT_GARBAGE_COLLECTION_FINISH, NULL)
            != JVMTI_ERROR_NONE) {
        (void) (*gg_jvmti)->SetEventNotificationMode(gg_jvmti, JVMTI_DISABLE, JVMTI_EVENT_GARBAGE_COLLECTION_START, NULL);
        return;
    }
    /* A pause that began before the events were on posts no start: this JVM transition returns
       only once any such pause is over, so every later one is bracketed. */
    (void) (*env)->ExceptionCheck(env);
    if (atomic_load(&gc_epoch) & 1u) return; /* a finish without its start: no fast path */
    if (fast_identity_self_test(env, object)) atomic_store(&fast_identity, 1);
}

void gg_monitors_start_fast_identity(JNIEnv *env) {
    static atomic_flag started = ATOMIC_FLAG_INIT;
    if (object_class != NULL && !atomic_flag_test_and_set(&started)) start_fast_identity(env, object_class);
}

/*
 * JNIEnv misuse seen on a thread that is not attached, where Java cannot be called: kept until an
 * attached thread passes by (ThreadStart, ThreadEnd, a wrapper's slow path). The owner is looked
 * up then, by env, since its record may be gone by the time. Guarded by deferred_lock;
 * deferred_count lets the common path skip the lock. Reports beyond DEFERRED_MAX are dropped.
 */
#define DEFERRED_MAX 16
static pthread_mutex_t deferred_lock = PTHREAD_MUTEX_INITIALIZER;
static struct { const char *function; JNIEnv *owner_env; } deferred[DEFERRED_MAX];
static int deferred_n;
static atomic_int deferred_count;

static void defer_foreign(const char *function, JNIEnv *owner_env) {
    pthread_mutex_lock(&deferred_lock);
    if (deferred_n < DEFERRED_MAX) {
        deferred[deferred_n].function = function;
        deferred[deferred_n].owner_env = owner_env;
        deferred_n++;
        atomic_fetch_add(&deferred_count, 1);
    }
    pthread_mutex_unlock(&deferred_lock);
}

void gg_monitors_flush_deferred(JNIEnv *env) {
    if (atomic_load_explicit(&deferred_count, memory_order_relaxed) == 0) return;
    for (;;) {
        const char *function = NULL;
        JNIEnv *owner_env = NULL;
        pthread_mutex_lock(&deferred_lock);
        if (deferred_n > 0) {
            function = deferred[0].function;
            owner_env = deferred[0].owner_env;
            memmove(&deferred[0], &deferred[1], (size_t) (deferred_n - 1) * sizeof deferred[0]);
            deferred_n--;
            atomic_fetch_sub(&deferred_count, 1);
        }
        pthread_mutex_unlock(&deferred_lock);
        if (function == NULL) return;
        jobject owner = gg_env_owner(env, owner_env);
        gg_report_foreign_env(env, function, owner, NULL);
        if (owner != NULL) (*env)->DeleteLocalRef(env, owner);
    }
}

/*
 * The slow path of both wrappers: the current thread has no record yet, or *envp is not the env
 * of its record. Finds the thread's own env and record. Returns 0 if the call must be refused.
 */
static int resolve(JNIEnv **envp, gg_thread **selfp, const char *function) {
    JNIEnv *env = *envp;
    JNIEnv *mine = NULL;
    *selfp = NULL;
    if ((*gg_vm)->GetEnv(gg_vm, (void **) &mine, GG_JNI_VERSION) != JNI_OK || mine == NULL) {
        /* This thread is not attached, so `env` belongs to another one. No Java call here. */
        if (!gg_is_on(GG_FOREIGN_ENV)) return 1; /* as without gilguard */
        defer_foreign(function, env);
        return 0;
    }
    if (mine != env) {
        if (!gg_is_on(GG_FOREIGN_ENV)) return 1; /* as without gilguard, and not recorded */
        jobject owner = gg_env_owner(mine, env);
        jthread user = NULL;
        if ((*gg_jvmti)->GetCurrentThread(gg_jvmti, &user) != JVMTI_ERROR_NONE) user = NULL;
        gg_report_foreign_env(mine, function, owner, user);
        if (owner != NULL) (*mine)->DeleteLocalRef(mine, owner);
        if (user != NULL) (*mine)->DeleteLocalRef(mine, user);
        *envp = mine; /* the call goes on with this thread's own env */
    }
    gg_flush_check_off(mine);
    gg_monitors_flush_deferred(mine);
    if (gg_is_on(GG_JNI_MONITORS)) *selfp = gg_self_for(mine);
    return 1;
}

static int grow(gg_thread *self) {
    if (self->cap > INT32_MAX / 2) return 0;
    int32_t cap = self->cap * 2;
    gg_held *held = malloc((size_t) cap * sizeof *held);
    if (held == NULL) return 0;
    memcpy(held, self->held, (size_t) self->n * sizeof *held);
    if (self->held != self->inline_held) free(self->held);
    self->held = held;
    self->cap = cap;
    return 1;
}

/* The next stamp (see gg_thread.seq64), also published to Java as seq. */
static inline uint64_t next_stamp(gg_thread *self) {
    uint64_t stamp = ++self->seq64;
    self->seq = (uint32_t) stamp;
    return stamp;
}

/*
 * Takes the spare of obj out of the spares into the new entry (ref and earlier entries); ref
 * NULL and no earlier entries if there is none.
 */
static inline void take_spare(JNIEnv *env, gg_thread *self, jobject obj, gg_held *entry) {
    for (int k = 0; k < GG_SPARES; k++) {
        gg_spare *spare = &self->spare[k];
        if (spare->ref != NULL && same_object(env, self, spare->ref, obj, 0)) {
            entry->ref = spare->ref;
            entry->spans = spare->spans;
            entry->told = spare->told;
            entry->node = spare->node;
            entry->node_gen = spare->node_gen;
            memcpy(entry->before, spare->before, sizeof entry->before); /* fixed size: inlined */
            spare->ref = NULL;
            return;
        }
    }
    entry->ref = NULL;
    entry->spans = 0;
    entry->told = 0;
    entry->node = GG_NODE_UNKNOWN;
    entry->node_gen = 0;
}

/*
 * Keeps the ref of an entry just fully exited as a spare, with the entry's span first, replacing
 * a spare in turn if all are used.
 */
static inline void put_spare(JNIEnv *env, gg_thread *self, const gg_held *gone, uint64_t released) {
    int k = 0;
    while (k < GG_SPARES && self->spare[k].ref != NULL) k++;
    if (k == GG_SPARES) {
        k = self->spare_victim;
        self->spare_victim = (k + 1) % GG_SPARES;
        (*env)->DeleteWeakGlobalRef(env, self->spare[k].ref);
    }
    gg_spare *spare = &self->spare[k];
    spare->ref = gone->ref;
    spare->spans = gone->spans < GG_HISTORY ? gone->spans + 1 : GG_HISTORY;
    spare->told = gone->told;
    spare->node = gone->node;
    spare->node_gen = gone->node_gen;
    spare->before[0].created = gone->created;
    spare->before[0].released = released;
    /* fixed size (inlined): the oldest span falls off; unused ones are copied, never read */
    memcpy(&spare->before[1], gone->before, sizeof gone->before - sizeof gone->before[0]);
}

/*
 * The lock-order graph's generation: Java starts a new one when it defines a new graph (an
 * attach), whose node numbers mean other things. Nodes set in an older one count as unknown.
 */
static atomic_int node_gen;

/* One more held entry with this node: its bit, or one more unknown. */
static inline void add_node(gg_thread *self, const gg_held *entry, int32_t gen) {
    int32_t node = entry->node;
    if (node == GG_NODE_UNKNOWN || entry->node_gen != gen) {
        self->unknown++;
    } else if (node >= 0 && node < GG_NODE_LIMIT) {
        if (node < 32) self->nodes_lo |= 1u << node;
        else self->nodes_hi |= 1u << (node - 32);
    }
}

/* The node summary again from the held entries: after one is gone, nodes were set, or a new graph. */
static void recount_nodes(gg_thread *self) {
    int32_t gen = atomic_load_explicit(&node_gen, memory_order_relaxed);
    self->nodes_lo = 0;
    self->nodes_hi = 0;
    self->unknown = 0;
    for (int i = 0; i < self->n; i++) add_node(self, &self->held[i], gen);
    self->nodes_gen = gen;
}

/* told: the order_key Java was told of obj's entry under (order_check), 0 if none. */
static inline void note_enter(JNIEnv *env, gg_thread *self, jobject obj, uint32_t told) {
    if (self->n > 0) {
        gg_held *top = &self->held[self->n - 1];
        if (same_object(env, self, top->ref, obj, 0)) { /* reentry, the common nested case */
            top->count++;
            top->last = next_stamp(self);
            self->depth++;
            return;
        }
    }
    if (self->n == self->cap && !grow(self)) {
        gg_check_off(env, GG_JNI_MONITORS, "out of memory for the record of JNI monitors");
        return;
    }
    gg_held *entry = &self->held[self->n];
    take_spare(env, self, obj, entry);
    if (entry->ref == NULL) {
        entry->ref = (*env)->NewWeakGlobalRef(env, obj);
        if (entry->ref == NULL) {
            (*env)->ExceptionClear(env);
            gg_check_off(env, GG_JNI_MONITORS, "NewWeakGlobalRef failed (out of memory)");
            return;
        }
    }
    if (told != 0) entry->told = told;
    uint64_t stamp = next_stamp(self);
    entry->count = 1;
    entry->created = stamp;
    entry->last = stamp;
    entry->site = self->site;
    self->n++;
    self->depth++;
    int32_t gen = atomic_load_explicit(&node_gen, memory_order_relaxed);
    if (self->nodes_gen == gen) {
        add_node(self, entry, gen);
    } else {
        recount_nodes(self); /* a new graph since: every held entry's node is stale */
    }
}

/* Index of obj in the record, searching from the most recent; -1 if not there. */
static inline int find_held(JNIEnv *env, gg_thread *self, jobject obj, int exact) {
    for (int i = self->n - 1; i >= 0; i--) {
        if (same_object(env, self, self->held[i].ref, obj, exact)) return i;
    }
    return -1;
}

static void drop_held(JNIEnv *env, gg_thread *self, int i) {
    self->depth--;
    if (--self->held[i].count > 0) return;
    put_spare(env, self, &self->held[i], next_stamp(self));
    self->n--;
    for (int j = i; j < self->n; j++) self->held[j] = self->held[j + 1];
    recount_nodes(self);
}

/*
 * Lock order. The Java frame running native code holds locks of the lock-order graph (its
 * order_key, not 0, names which), and native code is about to enter obj: each of them, then obj,
 * is an order Java's graph must see. Java is told before the monitor is entered, so that a cycle
 * this entry closes is reported before the thread can block on it; it only reports (the monitor is
 * entered whatever it finds: C code that ignores MonitorEnter's result would go on unguarded).
 * Not told: a reentry (no new order), and an object this thread told it of under the same key
 * (its entry was handed on through the spares), so a loop that enters and exits one monitor
 * holding the same locks makes one call into Java. Returns the key told under, 0 if none.
 */
static __attribute__((noinline)) uint32_t order_check(JNIEnv *env, gg_thread *self, jobject obj) {
    uint32_t key = (uint32_t) self->order_key;
    if (find_held(env, self, obj, 0) >= 0) return 0;
    for (int k = 0; k < GG_SPARES; k++) {
        const gg_spare *spare = &self->spare[k];
        if (spare->ref != NULL && spare->told == key && same_object(env, self, spare->ref, obj, 0)) return key;
    }
    gg_report_monitor_entering(env, obj);
    return key;
}

static jint JNICALL wrap_monitor_enter(JNIEnv *env, jobject obj) {
    gg_thread *self = gg_self;
    if (__builtin_expect(self == NULL || self->env != env, 0)) {
        if (!resolve(&env, &self, "MonitorEnter")) return JNI_ERR;
    }
    uint32_t told = 0;
    if (self != NULL && __builtin_expect(self->order_key != 0, 0) && obj != NULL && gg_is_on(GG_JNI_MONITORS)) {
        told = order_check(env, self, obj);
    }
    jint rc = orig_enter(env, obj);
    if (rc == JNI_OK && self != NULL && gg_is_on(GG_JNI_MONITORS)) note_enter(env, self, obj, told);
    return rc;
}

static jint JNICALL wrap_monitor_exit(JNIEnv *env, jobject obj) {
    gg_thread *self = gg_self;
    if (__builtin_expect(self == NULL || self->env != env, 0)) {
        if (!resolve(&env, &self, "MonitorExit")) return JNI_ERR;
    }
    if (self == NULL || obj == NULL || !gg_is_on(GG_JNI_MONITORS)) return orig_exit(env, obj);
    int i = find_held(env, self, obj, 0);
    if (i < 0 && gg_monitors_fast_identity()) i = find_held(env, self, obj, 1); /* confirm a miss */
    if (i < 0) {
        /* Not entered through JNI by this thread (or entered before the wrappers were in, which
           NativeHooks.onUnpairedExit tells apart while the thread still owns it). Then the JVM
           does what it does: IllegalMonitorStateException if not owned; if owned through
           synchronized, HotSpot 17 and 25 release it mid-block, and if the monitor is deflated
           before the block ends, spin for ever at method exit. */
        gg_report_unpaired_exit(env, obj);
        return orig_exit(env, obj);
    }
    jint rc = orig_exit(env, obj);
    if (rc == JNI_OK) drop_held(env, self, i);
    return rc;
}

const char *gg_monitors_install(JNIEnv *env, int fast_gc, char *why, size_t size) {
    jclass object = (*env)->FindClass(env, "java/lang/Object");
    if (object != NULL) {
        object_class = (*env)->NewGlobalRef(env, object);
        (*env)->DeleteLocalRef(env, object);
    }
    if (object_class == NULL) {
        (*env)->ExceptionClear(env);
        snprintf(why, size, "java.lang.Object not found (out of memory?)");
        return why;
    }

    char e[80];
    jniNativeInterface *current = NULL;
    jvmtiError err = (*gg_jvmti)->GetJNIFunctionTable(gg_jvmti, &current);
    if (err != JVMTI_ERROR_NONE || current == NULL) {
        snprintf(why, size, "JVMTI GetJNIFunctionTable failed: %s", gg_jvmti_error(err, e, sizeof e));
        return why;
    }
    memcpy(&wrapped_table, current, sizeof wrapped_table);
    (void) (*gg_jvmti)->Deallocate(gg_jvmti, (unsigned char *) current);

    orig_enter = wrapped_table.MonitorEnter;
    orig_exit = wrapped_table.MonitorExit;
    if (orig_enter == NULL || orig_exit == NULL) {
        snprintf(why, size, "the JNI function table has no MonitorEnter/MonitorExit");
        return why;
    }
    if (fast_gc) start_fast_identity(env, object_class);
    wrapped_table.MonitorEnter = wrap_monitor_enter;
    wrapped_table.MonitorExit = wrap_monitor_exit;
    err = (*gg_jvmti)->SetJNIFunctionTable(gg_jvmti, &wrapped_table);
    if (err != JVMTI_ERROR_NONE) {
        snprintf(why, size, "JVMTI SetJNIFunctionTable failed: %s", gg_jvmti_error(err, e, sizeof e));
        return why;
    }
    return NULL;
}

/*
 * The objects of the entries of `self` that `pick` selects (all if pick is NULL), oldest first,
 * each object once (the record can hold two entries of one object: a MonitorEnter of an object
 * that is held but not the newest entry makes a new one), as a new local Object[]. Objects
 * already collected are left out. NULL on error, with the exception cleared.
 */
static jobjectArray collect(JNIEnv *env, gg_thread *self, const unsigned char *pick) {
    jclass object = object_class;
    jclass found = NULL;
    if (object == NULL) object = found = (*env)->FindClass(env, "java/lang/Object");
    if (object == NULL) {
        (*env)->ExceptionClear(env);
        return NULL;
    }

    int n = self != NULL ? self->n : 0;
    jobject *live = NULL;
    int count = 0;
    if (n > 0) {
        live = malloc((size_t) n * sizeof *live);
        if (live == NULL || (*env)->EnsureLocalCapacity(env, n + 2) != JNI_OK) {
            (*env)->ExceptionClear(env);
            free(live);
            if (found != NULL) (*env)->DeleteLocalRef(env, found);
            return NULL;
        }
        for (int i = 0; i < n; i++) {
            if (pick != NULL && !pick[i]) continue;
            jobject obj = (*env)->NewLocalRef(env, self->held[i].ref); /* NULL if collected */
            if (obj == NULL) continue;
            int seen = 0;
            for (int k = 0; k < count && !seen; k++) seen = (*env)->IsSameObject(env, live[k], obj) == JNI_TRUE;
            if (seen) {
                (*env)->DeleteLocalRef(env, obj);
            } else {
                live[count++] = obj;
            }
        }
    }
    jobjectArray array = (*env)->NewObjectArray(env, count, object, NULL);
    for (int i = 0; i < count; i++) {
        if (array != NULL) (*env)->SetObjectArrayElement(env, array, i, live[i]); /* cannot fail: in bounds, Object[] */
        (*env)->DeleteLocalRef(env, live[i]);
    }
    if (array == NULL) (*env)->ExceptionClear(env); /* OutOfMemoryError */
    free(live);
    if (found != NULL) (*env)->DeleteLocalRef(env, found);
    return array;
}

jobjectArray gg_monitors_collect(JNIEnv *env, gg_thread *self) {
    return collect(env, self, NULL);
}

void gg_monitors_clear(JNIEnv *env, gg_thread *self) {
    for (int i = 0; i < self->n; i++) (*env)->DeleteWeakGlobalRef(env, self->held[i].ref);
    for (int k = 0; k < GG_SPARES; k++) {
        if (self->spare[k].ref != NULL) (*env)->DeleteWeakGlobalRef(env, self->spare[k].ref);
        self->spare[k].ref = NULL;
    }
    self->n = 0;
    self->depth = 0;
    recount_nodes(self);
}

/* ---- NativeHooks natives ---------------------------------------------------------------- */

JNIEXPORT jint JNICALL Java_io_gilguard_nativehooks_NativeHooks_jniMonitorDepth(JNIEnv *env, jclass cls) {
    (void) cls;
    gg_thread *self = gg_self;
    return (self != NULL && self->env == env && gg_is_on(GG_JNI_MONITORS)) ? self->depth : 0;
}

JNIEXPORT jobjectArray JNICALL Java_io_gilguard_nativehooks_NativeHooks_jniMonitors0(JNIEnv *env, jclass cls) {
    (void) cls;
    gg_thread *self = gg_self;
    /* Only the thread's own record, and only its own env: another env is not this thread's. */
    if (self != NULL && self->env != env) self = NULL;
    if (!gg_is_on(GG_JNI_MONITORS)) self = NULL;
    return gg_monitors_collect(env, self);
}

/*
 * For each of the objects, the site its entry in the current thread's record kept (the Java
 * frame that entered it, as gg_thread.site said then); 0 where it has none or is not there. For
 * reports: a JNI transition and an exact search per object.
 */
JNIEXPORT jintArray JNICALL Java_io_gilguard_nativehooks_NativeHooks_jniMonitorSites0(
        JNIEnv *env, jclass cls, jobjectArray monitors) {
    (void) cls;
    gg_thread *self = gg_self;
    if (self != NULL && self->env != env) self = NULL;
    jsize n = monitors == NULL ? 0 : (*env)->GetArrayLength(env, monitors);
    jintArray sites = (*env)->NewIntArray(env, n);
    if (sites == NULL) {
        (*env)->ExceptionClear(env);
        return NULL;
    }
    for (jsize i = 0; i < n && self != NULL; i++) {
        jobject obj = (*env)->GetObjectArrayElement(env, monitors, i);
        if (obj == NULL) continue;
        int k = find_held(env, self, obj, 1);
        (*env)->DeleteLocalRef(env, obj);
        if (k >= 0) {
            jint site = self->held[k].site;
            (*env)->SetIntArrayRegion(env, sites, i, 1, &site);
        }
    }
    return sites;
}

/*
 * Whether the object of entry h was held by the thread at stamp c: the entry is older, or one of
 * the object's earlier entries on this thread spans c. An object whose earlier entries are not
 * all remembered (more than GG_HISTORY since c) counts as held: a leak may be missed, no false
 * one made.
 */
static int held_at(const gg_held *h, uint64_t c) {
    if (h->created <= c) return 1;
    for (int j = 0; j < h->spans; j++) {
        if (h->before[j].released <= c) return 0; /* c falls after it ended, before the next began */
        if (h->before[j].created <= c) return 1;
    }
    return h->spans == GG_HISTORY;
}

/*
 * The slow path of a downcall that read (seq, depth) from the view at its start and finds seq
 * changed and depth > 0 at its end: the objects of the monitors it entered and kept, oldest
 * first, each once; NULL if none (or on error). With c the stamp that seq stood for at the
 * start:
 *  1. An entry whose object was not held at c (held_at) is kept by the call: the call entered a
 *     monitor and returned holding it, also when it exited, meanwhile, one held at c (the swap
 *     that a depth comparison cannot see). An object held at c, exited fully and entered again
 *     (swapped back) is not new.
 *  2. If depth grew by more than the counts of those entries, the call re-entered monitors held
 *     at c and kept some of those holds: the entries held at c that it entered (last > c) and
 *     that hold more than once are named. Exact when there is one; with several, one may have
 *     been entered and exited again. A depth-neutral exchange among monitors all held at c
 *     (exit one, re-enter another) is not seen.
 * Limits: fewer than 2^32 stamps during the call (seq wraps; c is rebuilt from the distance);
 * an object's earlier entries are known only while its ref is among the spares (the 4 objects
 * most recently exited fully): one held at c, exited fully and re-entered after 4 other objects
 * were exited fully counts as new. NativeHooks keeps only the objects the thread still owns.
 */
JNIEXPORT jobjectArray JNICALL Java_io_gilguard_nativehooks_NativeHooks_jniMonitorsSince0(
        JNIEnv *env, jclass cls, jint seq, jint depth_before) {
    (void) cls;
    gg_thread *self = gg_self;
    if (self == NULL || self->env != env || !gg_is_on(GG_JNI_MONITORS) || self->n == 0) return NULL;
    uint64_t c = self->seq64 - (uint32_t) (self->seq - (uint32_t) seq);

    int n = self->n;
    unsigned char inline_pick[GG_INLINE_HELD];
    unsigned char *pick = n <= GG_INLINE_HELD ? inline_pick : malloc((size_t) n);
    if (pick == NULL) return NULL;
    int64_t kept_new = 0;
    int picked = 0;
    for (int i = 0; i < n; i++) {
        const gg_held *h = &self->held[i];
        pick[i] = !held_at(h, c);
        if (pick[i]) {
            kept_new += h->count;
            picked++;
        }
    }
    if ((int64_t) self->depth - depth_before - kept_new > 0) {
        for (int i = 0; i < n; i++) {
            const gg_held *h = &self->held[i];
            if (!pick[i] && h->last > c && h->count >= 2) {
                pick[i] = 1;
                picked++;
            }
        }
    }
    jobjectArray array = picked > 0 ? collect(env, self, pick) : NULL;
    if (pick != inline_pick) free(pick);
    return array;
}

/*
 * Sets the lock-order node of each object's entries in the current thread's record (Java found
 * them for the entries whose node was unknown), so that Java reads the held nodes from the record
 * from now on: each entry hands its node on to the object's next one through the spares.
 */
JNIEXPORT void JNICALL Java_io_gilguard_nativehooks_NativeHooks_jniMonitorNodes0(
        JNIEnv *env, jclass cls, jobjectArray monitors, jintArray nodes) {
    (void) cls;
    gg_thread *self = gg_self;
    if (self == NULL || self->env != env || !gg_is_on(GG_JNI_MONITORS) || monitors == NULL || nodes == NULL) return;
    jsize n = (*env)->GetArrayLength(env, monitors);
    if ((*env)->GetArrayLength(env, nodes) < n) return;
    for (jsize i = 0; i < n; i++) {
        jint node = GG_NODE_NONE;
        (*env)->GetIntArrayRegion(env, nodes, i, 1, &node);
        if ((*env)->ExceptionCheck(env)) {
            (*env)->ExceptionClear(env);
            break;
        }
        jobject obj = (*env)->GetObjectArrayElement(env, monitors, i);
        if (obj == NULL) {
            (*env)->ExceptionClear(env);
            continue;
        }
        int32_t gen = atomic_load_explicit(&node_gen, memory_order_relaxed);
        for (int k = 0; k < self->n; k++) {
            if (same_object(env, self, self->held[k].ref, obj, 1)) {
                self->held[k].node = node < 0 ? GG_NODE_NONE : node;
                self->held[k].node_gen = gen;
            }
        }
        (*env)->DeleteLocalRef(env, obj);
    }
    recount_nodes(self);
}

/* A new lock-order graph: every node set so far is stale. Returns its generation. */
JNIEXPORT jint JNICALL Java_io_gilguard_nativehooks_NativeHooks_newJniMonitorNodes0(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
    return atomic_fetch_add(&node_gen, 1) + 1;
}

/* The record's address, for JniRecord's reads and writes in place (its first 32 bytes, checked in gilguard.h). */
JNIEXPORT jlong JNICALL Java_io_gilguard_nativehooks_JniRecord_address0(JNIEnv *env, jclass cls) {
    (void) cls;
    return (jlong) (intptr_t) gg_self_for(env);
}
