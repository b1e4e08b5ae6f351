package io.gilguard.instrument;

import io.gilguard.instrument.rewrite.TypeNames;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/** A method a class declares, as its class file has it: name, descriptor, flags. */
public record DeclaredMethod(String name, String descriptor, int access) {
    /** {@code name descriptor}: how a class's methods are told apart. */
    public String signature() {
        return name + descriptor;
    }

    public boolean isNative() {
        return (access & Opcodes.ACC_NATIVE) != 0;
    }

    public boolean isStatic() {
        return (access & Opcodes.ACC_STATIC) != 0;
    }

    public boolean isSynchronized() {
        return (access & Opcodes.ACC_SYNCHRONIZED) != 0;
    }

    /** A constructor or the class's initializer. */
    public boolean isInitializer() {
        return name.startsWith("<");
    }

    /** A method that can be an upcall: one with code of its own. */
    public boolean hasCode() {
        return (access & (Opcodes.ACC_NATIVE | Opcodes.ACC_ABSTRACT | Opcodes.ACC_BRIDGE)) == 0 && !isInitializer();
    }

    /** Java names of the parameter types, as rules write them. */
    public List<String> parameters() {
        return TypeNames.parameters(descriptor);
    }

    public Type returnType() {
        return Type.getReturnType(descriptor);
    }

    /** The first parameter's type; null if it takes none. */
    public Type firstParameter() {
        Type[] types = Type.getArgumentTypes(descriptor);
        return types.length == 0 ? null : types[0];
    }
}
