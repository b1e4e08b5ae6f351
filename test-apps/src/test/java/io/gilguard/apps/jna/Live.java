package io.gilguard.apps.jna;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * For an attach: JNA and the CLib proxy are loaded and used before gilguard comes. Each "call"
 * line on stdin calls gg_sum and CLib.sleep holding the GIL.
 */
public final class Live {
    private Live() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println("jna-live: sum=" + CLib.INSTANCE.sum(1, 2));
        System.out.println("jna-live: ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int calls = 0;
        for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
            if (line.equals("call")) {
                call();
                System.out.println("jna-live: called " + ++calls);
            }
        }
    }

    /** A method of its own: main keeps running the code it had before the attach, this one runs the new. */
    private static void call() {
        Engine.GIL.lock(); // @site:live-acquire
        try {
            CLib.INSTANCE.sum(1, 2); // @site:live-sum
            CLib.INSTANCE.sleep(1); // @site:live-sleep
        } finally {
            Engine.GIL.unlock();
        }
    }
}
