/* ffm: C called through FFM downcall handles (no JNI here): a call that takes a while, one that
 * reads Java memory, and a pthread that calls back into Java through upcall stubs. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <time.h>

static long elapsed_ms(const struct timespec *from, const struct timespec *to)
{
    /* in nanoseconds first: a negative tv_nsec difference divided alone rounds toward zero, up,
       and 149.5 ms passed would read as 150 */
    return ((to->tv_sec - from->tv_sec) * 1000000000L + (to->tv_nsec - from->tv_nsec)) / 1000000L;
}

/* Sleeps in small steps until `millis` have passed; returns the elapsed ms (-1 on error). */
long ffm_compute(int millis)
{
    struct timespec start, now;
    if (clock_gettime(CLOCK_MONOTONIC, &start) != 0) {
        return -1;
    }
    for (;;) {
        if (clock_gettime(CLOCK_MONOTONIC, &now) != 0) {
            return -1;
        }
        long done = elapsed_ms(&start, &now);
        if (done >= millis) {
            return done;
        }
        long step = millis - done < 10 ? millis - done : 10;
        struct timespec ts = {0, step * 1000000L};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
        }
    }
}

int ffm_sum(const int *values, int n)
{
    int sum = 0;
    for (int i = 0; i < n; i++) {
        sum += values[i];
    }
    return sum;
}

/* Calls tick(value) on the calling thread: a callback made inside the downcall. */
void ffm_call_back(void (*tick)(int), int value)
{
    tick(value);
}

/* The same, under another name, for a rule of its own. */
void ffm_keep(void (*tick)(int), int value)
{
    tick(value);
}

/* Does nothing: what one call through a handle costs, for the benchmarks. */
int ffm_nothing(void)
{
    return 0;
}

/* A function pointer, as C libraries hand them out: an address no symbol lookup names. */
int (*ffm_pointer_to_nothing(void))(void)
{
    return ffm_nothing;
}

struct run {
    void (*name)(void);
    void (**ticks)(int);
    int count;
    int rounds;
};

static void *run(void *arg)
{
    struct run *r = arg;
    r->name();
    for (int round = 0; round < r->rounds; round++) {
        for (int i = 0; i < r->count; i++) {
            r->ticks[i](round);
        }
    }
    return NULL;
}

/* A new pthread (which FFM attaches at its first upcall) calls name(), then each tick `rounds`
 * times, and ends; joined before returning. Returns 0, or the pthread error. */
int ffm_run_on_thread(void (*name)(void), void (**ticks)(int), int count, int rounds)
{
    struct run r = {name, ticks, count, rounds};
    pthread_t thread;
    int rc = pthread_create(&thread, NULL, run, &r);
    if (rc != 0) {
        return rc;
    }
    return pthread_join(thread, NULL);
}
