/* restore: a miniature of CPython's GIL and thread states, as the seed's call policy uses them
 * (PyEval_SaveThread / PyEval_RestoreThread, PyGILState_Ensure / PyGILState_Release):
 *  - the GIL is a plain lock that any thread may release (a FIFO ticket lock here, so that which
 *    thread gets it next is always the same);
 *  - `current` is the thread state that holds the GIL (CPython's _PyThreadState_Current);
 *  - each OS thread has a thread state of its own, found through a thread-local (PyGILState's
 *    autoTLSkey); Ensure takes the GIL unless that state is already current (reentrancy).
 * Two threads that restore one saved thread state: the second waits for the GIL the first one
 * holds; the first, now running as the other thread's state, calls Ensure for a callback: its own
 * state is not current, so it waits for the GIL it holds itself. Both wait for ever: here for
 * GG_DEADLOCK_SECONDS, after which the process ends with status 3, so that no run is left behind. */
#include "gg_common.h"
#include <stdint.h>
#include <unistd.h>
#include "io_gilguard_apps_restore_Py.h"

#define GG_DEADLOCK_SECONDS 30

struct tstate {
    int id;
};

static pthread_mutex_t gil_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gil_cond = PTHREAD_COND_INITIALIZER;
static unsigned long next_ticket;
static unsigned long serving;
static int waiting;
static struct tstate *current;
static atomic_int last_id;
static __thread struct tstate *mine;

static void take_gil(void)
{
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += GG_DEADLOCK_SECONDS;
    pthread_mutex_lock(&gil_mutex);
    unsigned long ticket = next_ticket++;
    waiting++;
    while (serving != ticket) {
        if (pthread_cond_timedwait(&gil_cond, &gil_mutex, &deadline) == ETIMEDOUT) {
            fprintf(stderr, "native: waited %d s for the GIL: deadlock, exiting\n", GG_DEADLOCK_SECONDS);
            fflush(stderr);
            _exit(3);
        }
    }
    waiting--;
    pthread_mutex_unlock(&gil_mutex);
}

static void drop_gil(void)
{
    pthread_mutex_lock(&gil_mutex);
    serving++;
    pthread_cond_broadcast(&gil_cond);
    pthread_mutex_unlock(&gil_mutex);
}

/* PyGILState_Ensure: returns 1 when this thread's state was already current (nothing taken). */
JNIEXPORT jint JNICALL Java_io_gilguard_apps_restore_Py_ensure(JNIEnv *env, jclass cls)
{
    (void)cls;
    if (mine == NULL) {
        mine = calloc(1, sizeof *mine);
        if (mine == NULL) {
            gg_throw(env, "calloc", ENOMEM);
            return 1;
        }
        mine->id = atomic_fetch_add(&last_id, 1) + 1;
    }
    if (current == mine) {
        return 1;
    }
    take_gil();
    current = mine;
    return 0;
}

/* PyGILState_Release: gives the GIL back if the matching Ensure took it. */
JNIEXPORT void JNICALL Java_io_gilguard_apps_restore_Py_release(JNIEnv *env, jclass cls, jint gstate)
{
    (void)env;
    (void)cls;
    if (gstate == 0) {
        current = NULL;
        drop_gil();
    }
}

/* PyEval_SaveThread: lets the GIL go; returns the thread state that held it. */
JNIEXPORT jlong JNICALL Java_io_gilguard_apps_restore_Py_saveThread(JNIEnv *env, jclass cls)
{
    (void)env;
    (void)cls;
    struct tstate *ts = current;
    current = NULL;
    drop_gil();
    return (jlong)(intptr_t)ts;
}

/* PyEval_RestoreThread: takes the GIL and makes the given thread state current, whoever's it is. */
JNIEXPORT void JNICALL Java_io_gilguard_apps_restore_Py_restoreThread(JNIEnv *env, jclass cls, jlong state)
{
    (void)env;
    (void)cls;
    take_gil();
    current = (struct tstate *)(intptr_t)state;
}

JNIEXPORT jint JNICALL Java_io_gilguard_apps_restore_Py_waiters(JNIEnv *env, jclass cls)
{
    (void)env;
    (void)cls;
    pthread_mutex_lock(&gil_mutex);
    int n = waiting;
    pthread_mutex_unlock(&gil_mutex);
    return n;
}

/* The number of the current thread state, and of the calling thread's own (0: none). */
JNIEXPORT jint JNICALL Java_io_gilguard_apps_restore_Py_currentId(JNIEnv *env, jclass cls)
{
    (void)env;
    (void)cls;
    struct tstate *ts = current;
    return ts == NULL ? 0 : ts->id;
}

JNIEXPORT jint JNICALL Java_io_gilguard_apps_restore_Py_ownId(JNIEnv *env, jclass cls)
{
    (void)env;
    (void)cls;
    return mine == NULL ? 0 : mine->id;
}
