/* context: a graphics-like context that a thread makes current before drawing and releases
 * after, like an OpenGL context (eglMakeCurrent / wglMakeCurrent): "current" is per thread.
 * Drawing on a thread where the context is not current draws nothing (returns -1); releasing it
 * from another thread leaves the owner's thread still current, now on a context that a third
 * thread may make current too. The agent has to catch both. */
#include "gg_common.h"
#include <stdint.h>
#include "io_gilguard_apps_context_GlContext.h"

struct context {
    atomic_long draws; /* draw calls that drew */
};

static __thread struct context *current;

JNIEXPORT jlong JNICALL Java_io_gilguard_apps_context_GlContext_nativeCreate(JNIEnv *env, jclass cls)
{
    (void)cls;
    struct context *c = calloc(1, sizeof *c);
    if (c == NULL) {
        gg_throw(env, "calloc", ENOMEM);
        return 0;
    }
    atomic_init(&c->draws, 0);
    return (jlong)(intptr_t)c;
}

JNIEXPORT void JNICALL Java_io_gilguard_apps_context_GlContext_nativeMakeCurrent(JNIEnv *env, jclass cls, jlong handle)
{
    (void)env;
    (void)cls;
    current = (struct context *)(intptr_t)handle;
}

/* Only clears the calling thread's current context: another thread's stays as it is. */
JNIEXPORT void JNICALL Java_io_gilguard_apps_context_GlContext_nativeRelease(JNIEnv *env, jclass cls, jlong handle)
{
    (void)env;
    (void)cls;
    if (current == (struct context *)(intptr_t)handle) {
        current = NULL;
    }
}

/* Returns the number of draws so far, or -1 when the context is not current on this thread. */
JNIEXPORT jlong JNICALL Java_io_gilguard_apps_context_GlContext_nativeDraw(JNIEnv *env, jclass cls, jlong handle)
{
    (void)env;
    (void)cls;
    struct context *c = (struct context *)(intptr_t)handle;
    if (c == NULL || current != c) {
        return -1;
    }
    return atomic_fetch_add(&c->draws, 1) + 1;
}

JNIEXPORT jlong JNICALL Java_io_gilguard_apps_context_GlContext_nativeDraws(JNIEnv *env, jclass cls, jlong handle)
{
    (void)env;
    (void)cls;
    struct context *c = (struct context *)(intptr_t)handle;
    return c == NULL ? -1 : atomic_load(&c->draws);
}
