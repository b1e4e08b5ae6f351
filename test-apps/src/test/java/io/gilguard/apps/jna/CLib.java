package io.gilguard.apps.jna;

import com.sun.jna.FunctionMapper;
import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Map;

/**
 * Interface mapping: JNA implements this with a java.lang.reflect.Proxy. A FunctionMapper puts
 * "gg_" before each name, so the Java name (sum) and the C symbol (gg_sum) differ.
 */
public interface CLib extends Library {
    FunctionMapper GG = (library, method) -> "gg_" + method.getName();
    CLib INSTANCE = Native.load(AppLibrary.PATH, CLib.class, Map.of(Library.OPTION_FUNCTION_MAPPER, GG));

    int sum(int a, int b);

    int sleep(int millis);

    int fail(int err) throws LastErrorException;

    void run_threads(Listener listener, int threads, int calls);

    void call(Listener listener, int n);

    void call_keep(Listener listener, int n);
}
