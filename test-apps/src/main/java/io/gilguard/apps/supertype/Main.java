package io.gilguard.apps.supertype;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Native methods reached through a supertype: the abstract methods of {@link Stepper},
 * implemented by the native methods of {@link NativeStepper}, and the interface method
 * {@link Api#compute}, implemented by a native method of {@link NativeApi}, each called through
 * the supertype ({@link Rounds}). Thread "looper" makes those calls holding the GIL, which the
 * rules forbid (variant "fixed": without it), and in both variants calls Java implementations
 * through the same calls holding the GIL, which are no native calls. Then thread "late" does the
 * same with two native implementations loaded only then ({@link Late}).
 *
 * <p>Words, as arguments or in {@code -Dgilguard.apps.supertype.mode} (comma-separated):
 * {@code fixed}; {@code live}, for an attach: the loop runs until "stop" (or the end of input) on
 * stdin, "late" runs thread "late", and "sync" is answered "supertype-app: synced" once two more
 * rounds are done. Without {@code live}: 20 rounds, then thread "late". Prints
 * "supertype-app: running" after 20 rounds, and at the end "supertype-app: done after N rounds,
 * E errors"; exits 0 when the application saw no wrong result. Gives up by itself after 50 s.
 */
public final class Main {
    private static final long MAX_MILLIS = 50_000;
    private static final int ROUNDS = 20;
    private static final AtomicInteger DONE = new AtomicInteger();
    private static volatile boolean stop;

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        Set<String> words = new HashSet<>(Arrays.asList(args));
        words.addAll(Arrays.asList(System.getProperty("gilguard.apps.supertype.mode", "").split(",")));
        boolean fixed = words.contains("fixed");
        boolean live = words.contains("live");
        long deadline = System.currentTimeMillis() + MAX_MILLIS;
        Thread looper = new Thread(() -> {
            while (!stop && System.currentTimeMillis() < deadline && (live || DONE.get() < ROUNDS)) {
                Rounds.once(fixed);
                if (DONE.incrementAndGet() == ROUNDS) {
                    System.out.println("supertype-app: running");
                }
                if (live) {
                    pause();
                }
            }
        }, "looper");
        looper.start();
        if (live) {
            commands(fixed, deadline);
        } else {
            looper.join();
            late(fixed);
        }
        stop = true;
        looper.join();
        System.out.println("supertype-app: done after " + DONE.get() + " rounds, " + Rounds.errors() + " errors");
        System.exit(Rounds.errors() == 0 ? 0 : 1);
    }

    private static void commands(boolean fixed, long deadline) throws IOException, InterruptedException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null && !line.equals("stop"); ) {
            if (line.equals("late")) {
                late(fixed);
            } else if (line.equals("sync")) {
                int from = DONE.get();
                while (DONE.get() < from + 2 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(5);
                }
                System.out.println("supertype-app: synced");
            }
        }
    }

    private static void late(boolean fixed) throws InterruptedException {
        Thread late = new Thread(() -> Late.run(fixed), "late");
        late.start();
        late.join();
        System.out.println("supertype-app: late done");
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
