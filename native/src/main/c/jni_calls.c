/*
 * jni_calls.c - Call<Type>Method wrappers in the JNI function table, for learn mode: each call
 * native code makes into Java is told to NativeHooks.onUpcall(method, returning) before and after
 * it runs, so that the Java side learns which Java methods native code calls, on which threads,
 * holding what.
 *
 * Installed only when learning (NativeHooks.watchUpcalls), on top of whatever table is in force
 * then (the MonitorEnter/MonitorExit wrappers, -Xcheck:jni's): the wrappers call through that
 * table's functions, so every other wrapper keeps working. A call into Java from a wrapper is
 * made through the saved CallStaticVoidMethodA, never through the table (it would come back
 * here), and not at all while this thread is already inside one (busy). An exception pending
 * around the wrapped call (the Java method threw) is set aside and thrown again after.
 */
#define _POSIX_C_SOURCE 200809L
#include "gilguard.h"
#include "io_gilguard_nativehooks_NativeHooks.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The table in force at install; written once before SetJNIFunctionTable, read-only after. */
static struct JNINativeInterface_ orig;
static struct JNINativeInterface_ wrapped;

static jclass hooks_class;   /* global ref to NativeHooks */
static jmethodID on_upcall;  /* NativeHooks.onUpcall(JLjava/lang/Object;Z)V */
static atomic_int calls_on;  /* 1 while Java listens (watchUpcalls to unwatchUpcalls) */
static int installed;        /* the wrappers are in the table; only installCalls0 writes it, under NativeHooks' lock */

static _Thread_local int busy; /* this thread is inside onUpcall: its own calls are not upcalls */

/* Tells Java of an upcall of m on obj (NULL: a static method), before (returning 0) or after (1) it runs. */
static void seen(JNIEnv *env, jobject obj, jmethodID m, jboolean returning) {
    if (busy || gg_java_calls > 0 || !atomic_load_explicit(&calls_on, memory_order_acquire) || atomic_load(&gg_vm_dead)) {
        return;
    }
    /* an env used on a thread it does not belong to: the call itself is the bug, not ours to follow */
    if (gg_self != NULL && gg_self->env != env) return;
    busy = 1;
    jthrowable saved = NULL;
    if ((*env)->ExceptionCheck(env)) {
        saved = (*env)->ExceptionOccurred(env);
        (*env)->ExceptionClear(env);
    }
    jvalue args[3];
    args[0].j = (jlong) (intptr_t) m;
    args[1].l = obj;
    args[2].z = returning;
    orig.CallStaticVoidMethodA(env, hooks_class, on_upcall, args);
    if ((*env)->ExceptionCheck(env)) (*env)->ExceptionClear(env); /* onUpcall catches; an OOME of the call itself */
    if (saved != NULL) {
        (*env)->Throw(env, saved);
        (*env)->DeleteLocalRef(env, saved);
    }
    busy = 0;
}

/* The nine wrappers of one return type: virtual, nonvirtual and static, each as ..., V and A. */
#define GG_WRAP_VALUE(Type, jtype)                                                                          \
    static jtype JNICALL call_##Type##_v(JNIEnv *env, jobject obj, jmethodID m, va_list args) {            \
        seen(env, obj, m, JNI_FALSE);                                                                            \
        jtype r = orig.Call##Type##MethodV(env, obj, m, args);                                              \
        seen(env, obj, m, JNI_TRUE);                                                                             \
        return r;                                                                                           \
    }                                                                                                       \
    static jtype JNICALL call_##Type##_a(JNIEnv *env, jobject obj, jmethodID m, const jvalue *args) {      \
        seen(env, obj, m, JNI_FALSE);                                                                            \
        jtype r = orig.Call##Type##MethodA(env, obj, m, args);                                              \
        seen(env, obj, m, JNI_TRUE);                                                                             \
        return r;                                                                                           \
    }                                                                                                       \
    static jtype JNICALL call_##Type(JNIEnv *env, jobject obj, jmethodID m, ...) {                         \
        va_list args;                                                                                       \
        va_start(args, m);                                                                                  \
        jtype r = call_##Type##_v(env, obj, m, args);                                                       \
        va_end(args);                                                                                       \
        return r;                                                                                           \
    }                                                                                                       \
    static jtype JNICALL nonvirtual_##Type##_v(JNIEnv *env, jobject obj, jclass c, jmethodID m,            \
                                               va_list args) {                                              \
        seen(env, obj, m, JNI_FALSE);                                                                            \
        jtype r = orig.CallNonvirtual##Type##MethodV(env, obj, c, m, args);                                 \
        seen(env, obj, m, JNI_TRUE);                                                                             \
        return r;                                                                                           \
    }                                                                                                       \
    static jtype JNICALL nonvirtual_##Type##_a(JNIEnv *env, jobject obj, jclass c, jmethodID m,            \
                                               const jvalue *args) {                                        \
        seen(env, obj, m, JNI_FALSE);                                                                            \
        jtype r = orig.CallNonvirtual##Type##MethodA(env, obj, c, m, args);                                 \
        seen(env, obj, m, JNI_TRUE);                                                                             \
        return r;                                                                                           \
    }                                                                                                       \
    static jtype JNICALL nonvirtual_##Type(JNIEnv *env, jobject obj, jclass c, jmethodID m, ...) {        \
        va_list args;                                                                                       \
        va_start(args, m);                                                                                  \
        jtype r = nonvirtual_##Type##_v(env, obj, c, m, args);                                              \
        va_end(args);                                                                                       \
        return r;                                                                                           \
    }                                                                                                       \
    static jtype JNICALL static_##Type##_v(JNIEnv *env, jclass c, jmethodID m, va_list args) {             \
        seen(env, NULL, m, JNI_FALSE);                                                                            \
        jtype r = orig.CallStatic##Type##MethodV(env, c, m, args);                                          \
        seen(env, NULL, m, JNI_TRUE);                                                                             \
        return r;                                                                                           \
    }                                                                                                       \
    static jtype JNICALL static_##Type##_a(JNIEnv *env, jclass c, jmethodID m, const jvalue *args) {       \
        seen(env, NULL, m, JNI_FALSE);                                                                            \
        jtype r = orig.CallStatic##Type##MethodA(env, c, m, args);                                          \
        seen(env, NULL, m, JNI_TRUE);                                                                             \
        return r;                                                                                           \
    }                                                                                                       \
    static jtype JNICALL static_##Type(JNIEnv *env, jclass c, jmethodID m, ...) {                          \
        va_list args;                                                                                       \
        va_start(args, m);                                                                                  \
        jtype r = static_##Type##_v(env, c, m, args);                                                       \
        va_end(args);                                                                                       \
        return r;                                                                                           \
    }

GG_WRAP_VALUE(Object, jobject)
GG_WRAP_VALUE(Boolean, jboolean)
GG_WRAP_VALUE(Byte, jbyte)
GG_WRAP_VALUE(Char, jchar)
GG_WRAP_VALUE(Short, jshort)
GG_WRAP_VALUE(Int, jint)
GG_WRAP_VALUE(Long, jlong)
GG_WRAP_VALUE(Float, jfloat)
GG_WRAP_VALUE(Double, jdouble)

/* The same for void, which has no value to keep across the second seen(). */
static void JNICALL call_Void_v(JNIEnv *env, jobject obj, jmethodID m, va_list args) {
    seen(env, obj, m, JNI_FALSE);
    orig.CallVoidMethodV(env, obj, m, args);
    seen(env, obj, m, JNI_TRUE);
}
static void JNICALL call_Void_a(JNIEnv *env, jobject obj, jmethodID m, const jvalue *args) {
    seen(env, obj, m, JNI_FALSE);
    orig.CallVoidMethodA(env, obj, m, args);
    seen(env, obj, m, JNI_TRUE);
}
static void JNICALL call_Void(JNIEnv *env, jobject obj, jmethodID m, ...) {
    va_list args;
    va_start(args, m);
    call_Void_v(env, obj, m, args);
    va_end(args);
}
static void JNICALL nonvirtual_Void_v(JNIEnv *env, jobject obj, jclass c, jmethodID m, va_list args) {
    seen(env, obj, m, JNI_FALSE);
    orig.CallNonvirtualVoidMethodV(env, obj, c, m, args);
    seen(env, obj, m, JNI_TRUE);
}
static void JNICALL nonvirtual_Void_a(JNIEnv *env, jobject obj, jclass c, jmethodID m, const jvalue *args) {
    seen(env, obj, m, JNI_FALSE);
    orig.CallNonvirtualVoidMethodA(env, obj, c, m, args);
    seen(env, obj, m, JNI_TRUE);
}
static void JNICALL nonvirtual_Void(JNIEnv *env, jobject obj, jclass c, jmethodID m, ...) {
    va_list args;
    va_start(args, m);
    nonvirtual_Void_v(env, obj, c, m, args);
    va_end(args);
}
static void JNICALL static_Void_v(JNIEnv *env, jclass c, jmethodID m, va_list args) {
    seen(env, NULL, m, JNI_FALSE);
    orig.CallStaticVoidMethodV(env, c, m, args);
    seen(env, NULL, m, JNI_TRUE);
}
static void JNICALL static_Void_a(JNIEnv *env, jclass c, jmethodID m, const jvalue *args) {
    seen(env, NULL, m, JNI_FALSE);
    orig.CallStaticVoidMethodA(env, c, m, args);
    seen(env, NULL, m, JNI_TRUE);
}
static void JNICALL static_Void(JNIEnv *env, jclass c, jmethodID m, ...) {
    va_list args;
    va_start(args, m);
    static_Void_v(env, c, m, args);
    va_end(args);
}

#define GG_INSTALL(Type)                                               \
    wrapped.Call##Type##Method = call_##Type;                          \
    wrapped.Call##Type##MethodV = call_##Type##_v;                     \
    wrapped.Call##Type##MethodA = call_##Type##_a;                     \
    wrapped.CallNonvirtual##Type##Method = nonvirtual_##Type;          \
    wrapped.CallNonvirtual##Type##MethodV = nonvirtual_##Type##_v;     \
    wrapped.CallNonvirtual##Type##MethodA = nonvirtual_##Type##_a;     \
    wrapped.CallStatic##Type##Method = static_##Type;                  \
    wrapped.CallStatic##Type##MethodV = static_##Type##_v;             \
    wrapped.CallStatic##Type##MethodA = static_##Type##_a;

/* NativeHooks.installCalls0(): null, or why the wrappers could not be installed. Called once. */
JNIEXPORT jstring JNICALL Java_io_gilguard_nativehooks_NativeHooks_installCalls0(JNIEnv *env, jclass cls) {
    char why[200];
    char e[80];
    if (gg_jvmti == NULL) return (*env)->NewStringUTF(env, "no JVMTI environment");
    if (installed) { /* installed before, then stopped: the same wrappers, heard again */
        atomic_store_explicit(&calls_on, 1, memory_order_release);
        return NULL;
    }
    if (hooks_class == NULL) hooks_class = (*env)->NewGlobalRef(env, cls);
    on_upcall = hooks_class == NULL ? NULL : (*env)->GetStaticMethodID(env, cls, "onUpcall", "(JLjava/lang/Object;Z)V");
    if (on_upcall == NULL) {
        (*env)->ExceptionClear(env);
        return (*env)->NewStringUTF(env, "NativeHooks.onUpcall not found");
    }
    jniNativeInterface *current = NULL;
    jvmtiError err = (*gg_jvmti)->GetJNIFunctionTable(gg_jvmti, &current);
    if (err != JVMTI_ERROR_NONE || current == NULL) {
        snprintf(why, sizeof why, "JVMTI GetJNIFunctionTable failed: %s", gg_jvmti_error(err, e, sizeof e));
        return (*env)->NewStringUTF(env, why);
    }
    memcpy(&orig, current, sizeof orig);
    memcpy(&wrapped, current, sizeof wrapped);
    (void) (*gg_jvmti)->Deallocate(gg_jvmti, (unsigned char *) current);
    GG_INSTALL(Object)
    GG_INSTALL(Boolean)
    GG_INSTALL(Byte)
    GG_INSTALL(Char)
    GG_INSTALL(Short)
    GG_INSTALL(Int)
    GG_INSTALL(Long)
    GG_INSTALL(Float)
    GG_INSTALL(Double)
    GG_INSTALL(Void)
    atomic_store_explicit(&calls_on, 1, memory_order_release);
    err = (*gg_jvmti)->SetJNIFunctionTable(gg_jvmti, &wrapped);
    if (err != JVMTI_ERROR_NONE) {
        atomic_store(&calls_on, 0);
        snprintf(why, sizeof why, "JVMTI SetJNIFunctionTable failed: %s", gg_jvmti_error(err, e, sizeof e));
        return (*env)->NewStringUTF(env, why);
    }
    installed = 1;
    return NULL;
}

/* NativeHooks.stopCalls0(): the wrappers pass calls straight through from now on. */
JNIEXPORT void JNICALL Java_io_gilguard_nativehooks_NativeHooks_stopCalls0(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
    atomic_store_explicit(&calls_on, 0, memory_order_release);
}

/*
 * NativeHooks.methodOf0(id): {declaring class, name, descriptor, modifiers} of a jmethodID that
 * onUpcall was given, or null if JVMTI cannot tell (the class was unloaded).
 */
JNIEXPORT jobjectArray JNICALL Java_io_gilguard_nativehooks_NativeHooks_methodOf0(JNIEnv *env, jclass cls, jlong id) {
    (void) cls;
    jmethodID m = (jmethodID) (intptr_t) id;
    jclass declaring = NULL;
    char *name = NULL;
    char *signature = NULL;
    jint modifiers = 0;
    if (gg_jvmti == NULL || (*gg_jvmti)->GetMethodDeclaringClass(gg_jvmti, m, &declaring) != JVMTI_ERROR_NONE
        || (*gg_jvmti)->GetMethodModifiers(gg_jvmti, m, &modifiers) != JVMTI_ERROR_NONE
        || (*gg_jvmti)->GetMethodName(gg_jvmti, m, &name, &signature, NULL) != JVMTI_ERROR_NONE) {
        return NULL;
    }
    jobjectArray result = NULL;
    jclass object = (*env)->FindClass(env, "java/lang/Object");
    jstring n = object != NULL ? (*env)->NewStringUTF(env, name) : NULL;
    jstring s = n != NULL ? (*env)->NewStringUTF(env, signature) : NULL;
    jclass integer = s != NULL ? (*env)->FindClass(env, "java/lang/Integer") : NULL;
    jmethodID value_of = integer != NULL
            ? (*env)->GetStaticMethodID(env, integer, "valueOf", "(I)Ljava/lang/Integer;") : NULL;
    jobject mods = NULL;
    if (value_of != NULL) {
        jvalue arg;
        arg.i = modifiers;
        mods = orig.CallStaticObjectMethodA != NULL ? orig.CallStaticObjectMethodA(env, integer, value_of, &arg)
                                                    : (*env)->CallStaticObjectMethodA(env, integer, value_of, &arg);
    }
    if (mods != NULL) result = (*env)->NewObjectArray(env, 4, object, NULL);
    if (result != NULL) {
        (*env)->SetObjectArrayElement(env, result, 0, declaring);
        (*env)->SetObjectArrayElement(env, result, 1, n);
        (*env)->SetObjectArrayElement(env, result, 2, s);
        (*env)->SetObjectArrayElement(env, result, 3, mods);
    }
    if ((*env)->ExceptionCheck(env)) {
        (*env)->ExceptionClear(env);
        result = NULL;
    }
    (void) (*gg_jvmti)->Deallocate(gg_jvmti, (unsigned char *) name);
    (void) (*gg_jvmti)->Deallocate(gg_jvmti, (unsigned char *) signature);
    return result;
}
