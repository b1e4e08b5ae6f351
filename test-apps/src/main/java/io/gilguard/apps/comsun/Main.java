package io.gilguard.apps.comsun;

import com.sun.gilguardtest.NativeLib;

/**
 * Calls a native method of a class-path library under {@code com.sun.} while holding the GIL:
 * with "forbid gil" the agent reports FORBIDDEN_HELD. With the argument "fixed", the call is made
 * after the GIL is let go.
 */
public final class Main {
    public static void main(String[] args) {
        boolean fixed = args.length > 0 && args[0].equals("fixed");
        int result;
        Engine.GIL.lock(); // @site:comsun-acquire
        try {
            if (!fixed) {
                result = NativeLib.work(41);
            } else {
                result = -1;
            }
        } finally {
            Engine.GIL.unlock();
        }
        if (fixed) {
            result = NativeLib.work(41);
        }
        System.out.println("work(41)=" + result);
    }
}
