package io.gilguard.instrument.advice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.instrument.rewrite.Bytecode;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * {@link AdviceWeaver} on real methods: each woven class is defined in a loader of its own, so
 * the JVM's verifier checks every stack map frame the weaver wrote or changed, then run. The
 * advice here records what it sees in {@link Recorder}, in place of gilguard's runtime.
 */
class AdviceWeaverTest {
    private static final String RECORDER = Type.getInternalName(Recorder.class);

    /** What the woven code calls: the events, in order, and which tag refuses. */
    public static final class Recorder {
        static final List<String> EVENTS = new ArrayList<>();
        static int refused = -1;

        public static int enter(int tag) {
            EVENTS.add("enter " + tag);
            return tag * 100;
        }

        public static void exit(int tag, int token) {
            EVENTS.add("exit " + tag + " " + token);
        }

        public static void returned(Object value) {
            EVENTS.add("returned " + value);
        }

        public static void refuse(int tag) {
            EVENTS.add("check " + tag);
            if (tag == refused) {
                throw new IllegalStateException("refused " + tag);
            }
        }
    }

    /** Enter keeps a number for exit, which runs on returns and throws. */
    private static final class Around implements Advice {
        private final int tag;

        Around(int tag) {
            this.tag = tag;
        }

        @Override
        public Object[] locals() {
            return new Object[] {Opcodes.INTEGER};
        }

        @Override
        public void enter(MethodVisitor code, MethodShape method, int[] at) {
            Bytecode.pushInt(code, tag);
            code.visitMethodInsn(Opcodes.INVOKESTATIC, RECORDER, "enter", "(I)I", false);
            code.visitVarInsn(Opcodes.ISTORE, at[0]);
        }

        @Override
        public void exit(MethodVisitor code, MethodShape method, int[] at) {
            Bytecode.pushInt(code, tag);
            code.visitVarInsn(Opcodes.ILOAD, at[0]);
            code.visitMethodInsn(Opcodes.INVOKESTATIC, RECORDER, "exit", "(II)V", false);
        }

        @Override
        public boolean exitsOnThrow() {
            return true;
        }
    }

    /** Enter may refuse (throws); exit sees the value returned, on returns only. */
    private static final class Check implements Advice {
        private final int tag;

        Check(int tag) {
            this.tag = tag;
        }

        @Override
        public void enter(MethodVisitor code, MethodShape method, int[] at) {
            Bytecode.pushInt(code, tag);
            code.visitMethodInsn(Opcodes.INVOKESTATIC, RECORDER, "refuse", "(I)V", false);
        }

        @Override
        public void exit(MethodVisitor code, MethodShape method, int[] at) {
            Type returned = method.returned();
            if (returned.getSort() == Type.VOID) {
                code.visitInsn(Opcodes.ACONST_NULL);
            } else {
                code.visitInsn(returned.getSize() == 2 ? Opcodes.DUP2 : Opcodes.DUP);
                box(code, returned);
            }
            code.visitMethodInsn(Opcodes.INVOKESTATIC, RECORDER, "returned", "(Ljava/lang/Object;)V", false);
        }

        private static void box(MethodVisitor code, Type t) {
            if (t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY) {
                return;
            }
            String boxed = t.getSort() == Type.INT ? "java/lang/Integer" : t.getSort() == Type.LONG ? "java/lang/Long"
                    : "java/lang/Double";
            code.visitMethodInsn(Opcodes.INVOKESTATIC, boxed, "valueOf", "(" + t.getDescriptor() + ")L" + boxed + ";", false);
        }
    }

    @BeforeEach
    void reset() {
        Recorder.EVENTS.clear();
        Recorder.refused = -1;
    }

    @Test
    void everyShapeVerifiesAndRunsItsAdviceInOrder() throws Exception {
        Class<?> woven = weave(List.of(new Check(1), new Around(2), new Around(3)));
        Object subject = woven.getConstructor().newInstance();

        assertEquals(8, call(woven, subject, "plain", 7));
        assertEquals(List.of("enter 3", "enter 2", "check 1", "returned 8", "exit 2 200", "exit 3 300"), Recorder.EVENTS);

        Recorder.EVENTS.clear();
        assertEquals(16L, call(woven, null, "wide", 1L, 5.5d));
        assertEquals("returned 16", Recorder.EVENTS.get(3));

        assertEquals("none", call(woven, subject, "branches", (Object) null));
        assertEquals("42", call(woven, subject, "branches", "42"));
        assertEquals("bad", call(woven, subject, "branches", "x"));
        assertEquals(6.0, call(woven, subject, "loop", (Object) new double[] {1, -2, 5}));

        Recorder.EVENTS.clear();
        call(woven, subject, "locked");
        // the call of plain inside is advised too
        assertEquals(List.of("enter 3", "enter 2", "check 1", "enter 3", "enter 2", "check 1", "returned 2",
                "exit 2 200", "exit 3 300", "returned null", "exit 2 200", "exit 3 300"), Recorder.EVENTS);
    }

    @Test
    void aThrowRunsTheExitsThatRunOnThrowsInnermostFirst() throws Exception {
        Class<?> woven = weave(List.of(new Check(1), new Around(2), new Around(3)));
        Object subject = woven.getConstructor().newInstance();
        InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                () -> call(woven, subject, "throwing", true));
        assertEquals("asked to", thrown.getCause().getMessage());
        assertEquals(List.of("enter 3", "enter 2", "check 1", "exit 2 200", "exit 3 300"), Recorder.EVENTS);
    }

    @Test
    void aRefusalAtEntrySkipsTheMethodAndRunsOnlyTheOuterExits() throws Exception {
        Class<?> woven = weave(List.of(new Around(1), new Check(2), new Around(3)));
        Object subject = woven.getConstructor().newInstance();
        Recorder.refused = 2;
        InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                () -> call(woven, subject, "plain", 1));
        assertEquals("refused 2", thrown.getCause().getMessage());
        assertEquals(List.of("enter 3", "check 2", "exit 3 300"), Recorder.EVENTS);
    }

    @Test
    void aNativeMethodIsRenamedAndItsWrapperTakesItsPlace() throws Exception {
        Class<?> woven = define(NativeSubject.class, Map.of("add(II)I", List.of(new Around(1))), true);
        Method wrapper = woven.getDeclaredMethod("add", int.class, int.class);
        Method renamed = woven.getDeclaredMethod(Advising.NATIVE_PREFIX + "add", int.class, int.class);
        assertTrue(!Modifier.isNative(wrapper.getModifiers()) && Modifier.isSynchronized(wrapper.getModifiers()));
        assertTrue(Modifier.isNative(renamed.getModifiers()) && Modifier.isPrivate(renamed.getModifiers())
                && renamed.isSynthetic() && !Modifier.isSynchronized(renamed.getModifiers()));
        assertSame(Deprecated.class, wrapper.getAnnotations()[0].annotationType());
        // no library binds it: the wrapper runs its advice around the failed link, then rethrows
        InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                () -> wrapper.invoke(woven.getConstructor().newInstance(), 1, 2));
        assertSame(UnsatisfiedLinkError.class, thrown.getCause().getClass());
        assertEquals(List.of("enter 1", "exit 1 100"), Recorder.EVENTS);
    }

    /** A class with a native method no library binds. */
    public static class NativeSubject {
        @Deprecated
        public synchronized native int add(int a, int b);
    }

    private static Class<?> weave(List<Advice> on) throws IOException, ClassNotFoundException {
        Map<String, List<Advice>> advice = new HashMap<>();
        for (Method m : WeaverSubject.class.getDeclaredMethods()) {
            advice.put(m.getName() + Type.getMethodDescriptor(m), on);
        }
        advice.put("<init>()V", on); // left alone, said
        return define(WeaverSubject.class, advice, false);
    }

    private static Class<?> define(Class<?> original, Map<String, List<Advice>> advice, boolean wrapsNatives)
            throws IOException, ClassNotFoundException {
        byte[] bytes;
        try (InputStream in = original.getResourceAsStream("/" + Type.getInternalName(original) + ".class")) {
            bytes = in.readAllBytes();
        }
        List<String> errors = new ArrayList<>();
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new AdviceWeaver(writer, advice, wrapsNatives, errors::add), ClassReader.EXPAND_FRAMES);
        if (advice.containsKey("<init>()V")) {
            assertEquals(List.of("cannot advise " + original.getName() + ".<init>: a constructor"), errors);
        } else {
            assertEquals(List.of(), errors);
        }
        byte[] woven = writer.toByteArray();
        ClassLoader loader = new ClassLoader(AdviceWeaverTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(original.getName())) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> c = findLoadedClass(name);
                        return c != null ? c : defineClass(name, woven, 0, woven.length);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
        Class<?> c = Class.forName(original.getName(), true, loader);
        assertEquals(loader, c.getClassLoader());
        return c;
    }

    private static Object call(Class<?> c, Object target, String name, Object... args) throws Exception {
        for (Method m : c.getDeclaredMethods()) {
            if (m.getName().equals(name)) {
                return m.invoke(target, args);
            }
        }
        throw new NoSuchMethodException(name);
    }
}
