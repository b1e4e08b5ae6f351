/* interp: an embedded interpreter with thread affinity, like a Tcl interpreter ("may only be
 * used by the thread that created it"): creating one enters it on the creating thread, and its
 * per-thread data lives in that thread only. Used from another thread, it finds no data there and
 * does nothing (returns -1): no crash, no error message, just work that silently did not happen,
 * which is what the agent has to catch. */
#include "gg_common.h"
#include <stdint.h>
#include "io_gilguard_apps_interp_Interpreter.h"

struct interp {
    long evals; /* evaluations that ran */
};

/* the interpreter entered on this thread: set by create, on the creating thread only */
static __thread struct interp *entered;

JNIEXPORT jlong JNICALL Java_io_gilguard_apps_interp_Interpreter_nativeCreate(JNIEnv *env, jclass cls)
{
    (void)cls;
    struct interp *in = calloc(1, sizeof *in);
    if (in == NULL) {
        gg_throw(env, "calloc", ENOMEM);
        return 0;
    }
    entered = in;
    return (jlong)(intptr_t)in;
}

/* Returns the number of evaluations so far, or -1 when the interpreter is not entered on this
 * thread (nothing was evaluated). */
JNIEXPORT jlong JNICALL Java_io_gilguard_apps_interp_Interpreter_nativeEval(JNIEnv *env, jclass cls, jlong handle)
{
    (void)env;
    (void)cls;
    struct interp *in = (struct interp *)(intptr_t)handle;
    if (in == NULL || entered != in) {
        return -1;
    }
    return ++in->evals;
}

JNIEXPORT jlong JNICALL Java_io_gilguard_apps_interp_Interpreter_nativeEvals(JNIEnv *env, jclass cls, jlong handle)
{
    (void)env;
    (void)cls;
    struct interp *in = (struct interp *)(intptr_t)handle;
    return in == NULL ? -1 : in->evals;
}
