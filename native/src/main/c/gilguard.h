/*
 * gilguard.h - what the C files of libgilguard share.
 *
 *   loader.c        JNI_OnLoad, NativeHooks.init0, the calls back into Java, turning checks off
 *   thread_hooks.c  JVMTI ThreadStart/ThreadEnd/VMDeath, per-thread records, native threads
 *                   that end while attached (pthread key destructor)
 *   jni_calls.c     Call<Type>Method wrappers (learn mode): each upcall told to NativeHooks.onUpcall
 *   jni_monitors.c  MonitorEnter/MonitorExit wrappers in the JNI function table, the per-thread
 *                   record of JNI-entered monitors, JNIEnv ownership check
 *   monitor_contention.c  JVMTI MonitorContendedEnter/Entered: waits for a monitor, for CONTENDED
 *
 * Rules for all of them: every JNI/JVMTI return code is checked; a failure turns the check it
 * affects off (gg_check_off) and never aborts; nothing calls into the JVM from a thread that is
 * not attached to it.
 */
#ifndef GILGUARD_H
#define GILGUARD_H

#include <jni.h>
#include <jvmti.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define GG_JNI_VERSION JNI_VERSION_1_8

/* The checks; each one is turned off on its own. Names are those of NativeHooks.CHECK_*. */
enum gg_check {
    GG_THREAD_END,      /* "thread-end": Listener.threadEnding from JVMTI ThreadEnd */
    GG_JNI_MONITORS,    /* "jni-monitors": the MonitorEnter/MonitorExit record, depth, unpaired exits */
    GG_EXITED_ATTACHED, /* "exited-attached": a native thread ends without DetachCurrentThread */
    GG_FOREIGN_ENV,     /* "foreign-env": a JNIEnv used on a thread it does not belong to */
    GG_MONITOR_CONTENDED, /* "monitor-contended": JVMTI MonitorContendedEnter/Entered to Java */
    GG_CHECK_COUNT
};

/*
 * Process-wide state. gg_vm and gg_jvmti are written once by JNI_OnLoad, before any other entry
 * point of the library can run, and only read afterwards. gg_on[] and gg_vm_dead are atomics:
 * a check goes from on to off once and never back; gg_vm_dead goes from 0 to 1 at VMDeath.
 */
extern JavaVM *gg_vm;
extern jvmtiEnv *gg_jvmti;
extern atomic_int gg_on[GG_CHECK_COUNT];
extern atomic_int gg_vm_dead;

static inline int gg_is_on(enum gg_check check) {
    return atomic_load_explicit(&gg_on[check], memory_order_relaxed);
}

/* ---- loader.c ---------------------------------------------------------------------------- */

const char *gg_check_name(enum gg_check check);
/* A JVMTI error as "JVMTI_ERROR_NAME (n)", into buf. */
const char *gg_jvmti_error(jvmtiError err, char *buf, size_t size);
/*
 * Turns a check off (if it was on) and tells the listener why, once. env may be NULL (the thread
 * is not attached): the reason then waits for the next report made from an attached thread.
 */
void gg_check_off(JNIEnv *env, enum gg_check check, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Delivers check-off reasons that were recorded where Java could not be called. */
void gg_flush_check_off(JNIEnv *env);

/*
 * Calls into NativeHooks (which calls the Listener). Each can be called with an exception
 * pending (it is kept and re-thrown after), creates no local reference that outlives it, and
 * does nothing after VMDeath.
 */
void gg_report_thread_end(JNIEnv *env, jthread thread, jobjectArray monitors);
void gg_report_unpaired_exit(JNIEnv *env, jobject monitor);
void gg_report_exited_attached(JNIEnv *env);
void gg_report_foreign_env(JNIEnv *env, const char *function, jobject owner, jobject user);
void gg_report_monitor_entering(JNIEnv *env, jobject monitor);
/* The current thread blocks entering `monitor`: 1 if Java timed the wait (tell it at Entered). */
int gg_report_monitor_contended(JNIEnv *env, jobject monitor);
/* ... and has now entered it. */
void gg_report_monitor_entered(JNIEnv *env, jobject monitor);

/*
 * How many of gilguard's own calls into Java (the reports above) run on this thread now: a call
 * the JNI function table's wrappers see then is not the application's (jni_calls.c leaves it out;
 * learning it would even make a ledger for a thread that is ending).
 */
extern _Thread_local int gg_java_calls;

/* ---- thread_hooks.c ------------------------------------------------------------------------ */

/* An earlier entry of the same object on this thread: its first MonitorEnter and its last MonitorExit. */
typedef struct gg_span {
    uint64_t created;
    uint64_t released;
} gg_span;

/* How many earlier entries of an object an entry remembers (see jniMonitorsSince0). */
#define GG_HISTORY 3

/*
 * One monitor the thread entered through JNI MonitorEnter and has not exited. The stamps are
 * values of the record's seq64 (see gg_thread): a downcall that read `seq` at its start tells
 * from them which entries it made (jniMonitorsSince0 in jni_monitors.c).
 */
typedef struct gg_held {
    jweak ref;          /* weak global: the record must not keep a lock object alive */
    int32_t count;      /* MonitorEnter calls not yet matched by MonitorExit */
    int32_t spans;      /* used in before[] */
    uint64_t created;   /* the stamp of the MonitorEnter that made this entry */
    uint64_t last;      /* the stamp of its latest MonitorEnter (a reentry, or created) */
    int32_t site;       /* gg_thread.site when the entry was made: the Java frame that entered it */
    uint32_t told;      /* gg_thread.order_key when Java was told of this object's entry (order_check in
                           jni_monitors.c), 0 if it was not */
    int32_t node;       /* the object's node in Java's lock-order graph, as Java set it
                           (jniMonitorNodes0), GG_NODE_NONE if it has none, GG_NODE_UNKNOWN if not yet set */
    int32_t node_gen;   /* the graph's generation node was set in: a node of an older graph (an
                           attach since) counts as unknown */
    gg_span before[GG_HISTORY]; /* the object's earlier entries, newest first, as far as they were
                                   handed on through the spares (an object not among them has none) */
} gg_held;

/*
 * A ref to an object the thread recently exited fully, kept for the object's next MonitorEnter
 * (see gg_thread.spare), with the entries it had: the one just ended first.
 */
typedef struct gg_spare {
    jweak ref;          /* NULL = free */
    int32_t spans;
    uint32_t told;      /* the entry's told and node, handed on to the object's next entry */
    int32_t node;
    int32_t node_gen;
    gg_span before[GG_HISTORY];
} gg_spare;

#define GG_INLINE_HELD 8
#define GG_SPARES 4

/*
 * Everything gilguard knows about one thread attached to the JVM. Only the thread itself reads
 * or writes its record, except the registry links (under the registry lock) and `thread`, read
 * under the registry lock by gg_env_owner. Records come from a pool and are never freed, so a
 * stale pointer (a JniRecord address kept past the thread's end) reads a wrong number, never
 * freed memory.
 */
typedef struct gg_thread {
    /* depth, seq, site, order_key, nodes_lo, nodes_hi, unknown and nodes_gen must stay first,
       32-bit, in this order: JniRecord reads them from Java at the record's address, as its
       numbers DEPTH to GENERATION. */
    volatile int32_t depth;        /* sum of held[].count */
    volatile uint32_t seq;         /* (uint32_t) seq64, for Java */
    volatile int32_t site;         /* written by Java only: the number it gives the Java frame now
                                      running native code (a downcall it watches), 0 if none; a
                                      MonitorEnter that makes an entry keeps it there */
    volatile int32_t order_key;    /* written by Java only: not 0 while the Java frame now running
                                      native code holds locks of the lock-order graph, a key of
                                      which ones; a MonitorEnter then tells Java of the order it
                                      takes (order_check in jni_monitors.c) */
    volatile uint32_t nodes_lo;    /* the lock-order nodes of the held entries (held[].node), one
                                      bit each, low and high half: Java reads them where native */
    volatile uint32_t nodes_hi;    /* code holding JNI monitors calls back and takes a lock */
    volatile int32_t unknown;      /* held entries whose node is GG_NODE_UNKNOWN: while not 0, Java
                                      asks for the objects and sets their nodes */
    volatile int32_t nodes_gen;    /* the graph generation nodes_lo/hi/unknown were summed up in:
                                      Java trusts them only in its own */
    uint64_t seq64;                /* stamps: +1 at every MonitorEnter recorded and at every
                                      MonitorExit that ends an entry (count back to 0) */
    int32_t n;                     /* entries in use in held[] */
    int32_t cap;                   /* capacity of held[] */
    int32_t exit_rounds;           /* pthread key destructor rounds seen */
    uint32_t fast_checks;          /* fast identity verdicts, to cross-check one in 256 */
    int32_t spare_victim;          /* the spare to replace next when all are in use */
    gg_held *held;                 /* inline_held, or malloc'ed when it grew */
    gg_spare spare[GG_SPARES];     /* refs to objects recently exited fully (unordered), reused
                                      by the next MonitorEnter of one of them, which saves a
                                      NewWeakGlobalRef/DeleteWeakGlobalRef per pair and hands the
                                      object's earlier entries on to the new one */
    JNIEnv *env;                   /* the JNIEnv of this thread */
    jweak thread;                  /* its java.lang.Thread, for foreign-env reports */
    struct gg_thread *next;        /* registry bucket chain, or pool free list */
    gg_held inline_held[GG_INLINE_HELD];
} gg_thread;

_Static_assert(offsetof(gg_thread, depth) == 0 && offsetof(gg_thread, seq) == 4 && offsetof(gg_thread, site) == 8
               && offsetof(gg_thread, order_key) == 12 && offsetof(gg_thread, nodes_lo) == 16
               && offsetof(gg_thread, nodes_hi) == 20 && offsetof(gg_thread, unknown) == 24
               && offsetof(gg_thread, nodes_gen) == 28,
               "JniRecord reads the first eight ints of the record");
_Static_assert(_Alignof(gg_thread) >= 8,
               "JniRecord reads depth:seq and writes site:order_key as one aligned 64-bit word each");

/* gg_held.node: no node in the graph (Java said so), and not set yet. */
#define GG_NODE_NONE (-1)
#define GG_NODE_UNKNOWN (-2)
/* Nodes are bits of a 64-bit mask, as in Java's LockOrder (63 at most). */
#define GG_NODE_LIMIT 63

/* The current thread's record, or NULL if it has none yet. */
extern _Thread_local gg_thread *gg_self;

/*
 * JVMTI 21+ names that the JDK 17 headers (the CI builds against them) lack, from the JVMTI spec
 * (jvmti.xml of JDK 21+): event VirtualThreadEnd is number 88, "sent on the terminating virtual
 * thread", and needs capability can_support_virtual_threads, which the jvmtiCapabilities of
 * JDK 21+ declare right after can_generate_sampled_object_alloc_events. loader.c checks that
 * bit's position on this compiler before it sets it.
 */
#define GG_JVMTI_EVENT_VIRTUAL_THREAD_END 88
#define GG_JVMTI_MAJOR_VIRTUAL_THREADS 21

/*
 * Starts ThreadStart/ThreadEnd/VMDeath and the pthread key, and VirtualThreadEnd if
 * virtual_threads (the capability was added). NULL, or why it could not; *virtual_threads is
 * cleared if VirtualThreadEnd could not be enabled (ThreadEnd still is).
 */
const char *gg_thread_hooks_start(JNIEnv *env, int *virtual_threads, char *why, size_t size);
/* The record of the current thread, whose own env is `env`; created if needed. NULL on failure. */
gg_thread *gg_self_for(JNIEnv *env);
/* A new local ref (in `me`) to the Thread that `other` belongs to, or NULL if unknown. */
jobject gg_env_owner(JNIEnv *me, JNIEnv *other);

void JNICALL gg_on_thread_start(jvmtiEnv *jvmti, JNIEnv *env, jthread thread);
void JNICALL gg_on_thread_end(jvmtiEnv *jvmti, JNIEnv *env, jthread thread);
void JNICALL gg_on_virtual_thread_end(jvmtiEnv *jvmti, JNIEnv *env, jthread virtual_thread);
void JNICALL gg_on_vm_death(jvmtiEnv *jvmti, JNIEnv *env);

/* ---- jni_monitors.c ------------------------------------------------------------------------ */

/*
 * Installs the MonitorEnter/MonitorExit wrappers. NULL, or why it could not. fast_gc: the Java
 * side found a collector under which comparing raw handle slots is sound (see jni_monitors.c).
 */
const char *gg_monitors_install(JNIEnv *env, int fast_gc, char *why, size_t size);
/* Turns on the raw comparison after an install told fast_gc 0 (once; the wrappers are on). */
void gg_monitors_start_fast_identity(JNIEnv *env);
/* Whether objects are compared without a JVM transition (1) or with IsSameObject (0). */
int gg_monitors_fast_identity(void);
/* JVMTI GarbageCollectionStart/Finish: bracket the pauses that move objects. */
void JNICALL gg_on_gc_start(jvmtiEnv *jvmti);
void JNICALL gg_on_gc_finish(jvmtiEnv *jvmti);
/*
 * The objects of a record's held monitors, oldest first, each object once, as a new local
 * Object[]; NULL on error.
 */
jobjectArray gg_monitors_collect(JNIEnv *env, gg_thread *self);
/* Deletes the refs a record holds and empties it. */
void gg_monitors_clear(JNIEnv *env, gg_thread *self);
/* Delivers foreign-env reports seen on threads that were not attached. */
void gg_monitors_flush_deferred(JNIEnv *env);

/* ---- monitor_contention.c ------------------------------------------------------------------ */

/* The JVMTI callbacks; the events are enabled by NativeHooks.monitorContention0 when Java asks. */
void JNICALL gg_on_monitor_contended_enter(jvmtiEnv *jvmti, JNIEnv *env, jthread thread, jobject object);
void JNICALL gg_on_monitor_contended_entered(jvmtiEnv *jvmti, JNIEnv *env, jthread thread, jobject object);

#endif /* GILGUARD_H */
