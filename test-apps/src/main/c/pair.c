/* pair: a library-level lock with a recursion count, like PyGILState_Ensure /
 * PyGILState_Release. The count is process-wide and knows nothing of threads:
 * a release by the wrong thread is accepted silently, which is what the agent
 * has to catch. */
#include "gg_common.h"
#include "io_gilguard_apps_pair_Py.h"

static pthread_mutex_t depth_mutex = PTHREAD_MUTEX_INITIALIZER;
static int depth;

/* Returns the new depth. */
JNIEXPORT jint JNICALL Java_io_gilguard_apps_pair_Py_nativeEnsure(JNIEnv *env, jclass cls)
{
    (void)cls;
    int rc = pthread_mutex_lock(&depth_mutex);
    if (rc != 0) {
        gg_throw(env, "pthread_mutex_lock", rc);
        return -1;
    }
    int result = ++depth;
    rc = pthread_mutex_unlock(&depth_mutex);
    if (rc != 0) {
        gg_throw(env, "pthread_mutex_unlock", rc);
        return -1;
    }
    return result;
}

/* Returns the new depth, or -1 when there was nothing to release. */
JNIEXPORT jint JNICALL Java_io_gilguard_apps_pair_Py_nativeRelease(JNIEnv *env, jclass cls)
{
    (void)cls;
    int rc = pthread_mutex_lock(&depth_mutex);
    if (rc != 0) {
        gg_throw(env, "pthread_mutex_lock", rc);
        return -1;
    }
    int result = depth > 0 ? --depth : -1;
    rc = pthread_mutex_unlock(&depth_mutex);
    if (rc != 0) {
        gg_throw(env, "pthread_mutex_unlock", rc);
        return -1;
    }
    return result;
}
