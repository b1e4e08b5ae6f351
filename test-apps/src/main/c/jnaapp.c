/* jnaapp: the C side of the jna test apps (io.gilguard.apps.jna, test sources), loaded by JNA, not
 * by JNI: plain C functions, no JNIEnv. Callbacks are JNA Callback function pointers, called from
 * pthreads JNA has never seen (it attaches each one for the call). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

int gg_sum(int a, int b)
{
    return a + b;
}

/* a long native call, for release: other threads should get the lock meanwhile */
int gg_sleep(int millis)
{
    struct timespec t = {millis / 1000, (long)(millis % 1000) * 1000000L};
    while (nanosleep(&t, &t) != 0 && errno == EINTR) {
    }
    return millis;
}

/* fails with errno = err: a method declared "throws LastErrorException" throws */
int gg_fail(int err)
{
    errno = err;
    return -1;
}

typedef void (*gg_listener)(int);

struct gg_run {
    gg_listener listener;
    int calls;
};

static void *gg_calls(void *arg)
{
    struct gg_run *run = arg;
    for (int i = 0; i < run->calls; i++) {
        run->listener(i);
    }
    return NULL;
}

/* threads pthreads, each calls listener calls times; returns when all have ended */
void gg_run_threads(gg_listener listener, int threads, int calls)
{
    pthread_t *ids = calloc((size_t)threads, sizeof(pthread_t));
    struct gg_run run = {listener, calls};
    if (ids == NULL) {
        abort();
    }
    for (int i = 0; i < threads; i++) {
        if (pthread_create(&ids[i], NULL, gg_calls, &run) != 0) {
            abort();
        }
    }
    for (int i = 0; i < threads; i++) {
        pthread_join(ids[i], NULL);
    }
    free(ids);
}

/* calls listener(n) on the calling thread (a callback inside the downcall) */
void gg_call(gg_listener listener, int n)
{
    listener(n);
}

/* the same, for a second rule */
void gg_call_keep(gg_listener listener, int n)
{
    listener(n);
}
