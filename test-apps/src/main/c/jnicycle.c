/* jnicycle: C code that guards a table's native state with the table's monitor, entered through
 * JNI MonitorEnter: from a Java thread's downcall (update), and on a native thread that calls
 * back into Java (scan), holding it around the callback or not. */
#include "gg_common.h"
#include "io_gilguard_apps_jnicycle_NativeLib.h"

JNIEXPORT void JNICALL Java_io_gilguard_apps_jnicycle_NativeLib_update(JNIEnv *env, jclass cls, jobject table)
{
    (void)cls;
    if ((*env)->MonitorEnter(env, table) != JNI_OK) {
        gg_throw(env, "MonitorEnter", 0);
        return;
    }
    /* the table's native state changes here, guarded by its monitor; said on stderr, where the
       agent's lines go too, so that a test sees which came first */
    fprintf(stderr, "native: update entered the table\n");
    if ((*env)->MonitorExit(env, table) != JNI_OK) {
        gg_throw(env, "MonitorExit", 0);
    }
}

struct scan_job {
    JavaVM *vm;
    jobject table; /* global refs */
    jobject rows;
    jmethodID on_row;
    int enter_first;
    int failed;
};

/* Calls rows.onRow(). Under enforce the agent may refuse the callback (GilguardError): said on
 * stdout, not a failure; any other exception is. */
static void call_on_row(JNIEnv *env, struct scan_job *job)
{
    (*env)->CallVoidMethod(env, job->rows, job->on_row);
    jthrowable thrown = (*env)->ExceptionOccurred(env);
    if (thrown == NULL) {
        return;
    }
    (*env)->ExceptionClear(env);
    jclass refusal = (*env)->FindClass(env, "io/gilguard/runtime/GilguardError");
    if (refusal == NULL) {
        (*env)->ExceptionClear(env); /* no agent: not a refusal */
    }
    if (refusal != NULL && (*env)->IsInstanceOf(env, thrown, refusal)) {
        printf("native-scanner: onRow refused (GilguardError)\n");
        fflush(stdout);
    } else {
        if ((*env)->Throw(env, thrown) == 0) {
            (*env)->ExceptionDescribe(env);
            (*env)->ExceptionClear(env);
        }
        job->failed = 1;
    }
    if (refusal != NULL) {
        (*env)->DeleteLocalRef(env, refusal);
    }
    (*env)->DeleteLocalRef(env, thrown);
}

static void *scan_main(void *arg)
{
    struct scan_job *job = arg;
    JNIEnv *env = gg_attach(job->vm, "native-scanner");
    if (env == NULL) {
        job->failed = 1;
        return NULL;
    }
    int entered = 0;
    if (job->enter_first) {
        entered = (*env)->MonitorEnter(env, job->table) == JNI_OK;
        if (!entered) {
            fprintf(stderr, "native-scanner: MonitorEnter failed\n");
            job->failed = 1;
        }
    }
    if (!job->failed) {
        call_on_row(env, job);
    }
    if (entered && (*env)->MonitorExit(env, job->table) != JNI_OK) {
        fprintf(stderr, "native-scanner: MonitorExit failed\n");
        job->failed = 1;
    }
    if (gg_detach(job->vm, "native-scanner") != 0) {
        job->failed = 1;
    }
    return NULL;
}

JNIEXPORT void JNICALL Java_io_gilguard_apps_jnicycle_NativeLib_scan(JNIEnv *env, jclass cls, jobject table,
                                                                   jobject rows, jboolean enter_first)
{
    (void)cls;
    JavaVM *vm = NULL;
    if ((*env)->GetJavaVM(env, &vm) != JNI_OK) {
        gg_throw(env, "GetJavaVM", 0);
        return;
    }
    jclass type = (*env)->GetObjectClass(env, rows);
    if (type == NULL) {
        gg_throw(env, "GetObjectClass", 0);
        return;
    }
    jmethodID on_row = (*env)->GetMethodID(env, type, "onRow", "()V");
    (*env)->DeleteLocalRef(env, type);
    if (on_row == NULL) {
        return; /* NoSuchMethodError pending */
    }
    /* on the heap: if the join times out, the thread may still use its job */
    struct scan_job *job = calloc(1, sizeof *job);
    if (job == NULL) {
        gg_throw(env, "calloc", ENOMEM);
        return;
    }
    job->vm = vm;
    job->on_row = on_row;
    job->enter_first = enter_first == JNI_TRUE;
    job->table = (*env)->NewGlobalRef(env, table);
    job->rows = job->table != NULL ? (*env)->NewGlobalRef(env, rows) : NULL;
    if (job->rows == NULL) {
        if (job->table != NULL) {
            (*env)->DeleteGlobalRef(env, job->table);
        }
        free(job);
        gg_throw(env, "NewGlobalRef", 0);
        return;
    }
    int rc = gg_run_one(env, scan_main, job);
    if (rc == -2) {
        return; /* exception pending; the thread may still use the job */
    }
    int failed = rc == 0 && job->failed;
    (*env)->DeleteGlobalRef(env, job->table);
    (*env)->DeleteGlobalRef(env, job->rows);
    free(job);
    if (failed) {
        gg_throw(env, "the native scanner", 0);
    }
}
