package io.gilguard.apps.jna;

import com.sun.jna.FunctionMapper;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.util.Map;

/**
 * Direct mapping through a FunctionMapper that looks each Java name up in a table (add is
 * gg_sum): the mapper must be given the method under its own name, even when gilguard wrapped it.
 */
public final class Mapped {
    private static final Map<String, String> C_NAMES = Map.of("add", "gg_sum");
    private static final FunctionMapper TABLE = (library, method) -> {
        String c = C_NAMES.get(method.getName());
        if (c == null) {
            throw new IllegalArgumentException("no C name for " + method.getName());
        }
        return c;
    };

    static {
        Native.register(Mapped.class, NativeLibrary.getInstance(AppLibrary.PATH,
                Map.of(Library.OPTION_FUNCTION_MAPPER, TABLE)));
    }

    private Mapped() {
    }

    public static native int add(int a, int b);
}
