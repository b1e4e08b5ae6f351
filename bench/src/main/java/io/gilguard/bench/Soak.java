package io.gilguard.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The memory soak (issue: speed, item 4): for {@code --minutes}, native threads attach, call back
 * into Java under {@code acquire gil} (soak.rules), take each of 1,000 new lock objects of a
 * monitor family once, and detach: {@code --threads} of them in all, evenly over the run. Each
 * minute, after a full GC, the heap in use and the process's resident set go to {@code --csv}:
 * flat lines are what the agent must show. Not a JMH benchmark: it runs for an hour
 * (bench/soak.sh runs it with and without the agent, side by side, and plots both).
 */
public final class Soak {
    /** A monitor family's member: every object of this class is its own lock (soak.rules). */
    public static final class Member {
    }

    /** What a new native thread runs: the callback. */
    public static final class Round {
        static final int LOCKS = 1_000;
        static volatile long taken;

        public void run() {
            for (int i = 0; i < LOCKS; i++) {
                Member m = new Member();
                synchronized (m) {
                    taken++;
                }
            }
        }
    }

    private Soak() {}

    public static void main(String[] args) throws Exception {
        List<String> a = List.of(args);
        int minutes = Integer.parseInt(value(a, "--minutes", "60"));
        int threads = Integer.parseInt(value(a, "--threads", "10000"));
        Path csv = Path.of(value(a, "--csv", "soak.csv"));
        long start = System.nanoTime();
        long perThreadNanos = minutes * 60_000_000_000L / threads;
        Round round = new Round();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8), true)) {
            out.println("minute,threads,heap_kib,rss_kib");
            sample(out, 0, 0);
            int done = 0;
            for (int minute = 0; minute < minutes; ) {
                long nextSample = start + (minute + 1) * 60_000_000_000L;
                long nextThread = done < threads ? start + done * perThreadNanos : Long.MAX_VALUE;
                if (nextThread < nextSample) {
                    sleepUntil(nextThread);
                    ChurnLib.callOnNewThread(round);
                    done++;
                } else {
                    sleepUntil(nextSample);
                    minute++;
                    sample(out, minute, done);
                }
            }
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    private static void sample(PrintWriter out, int minute, int threads) throws IOException {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        out.println(minute + "," + threads + "," + heap / 1024 + "," + rss());
    }

    /** VmRSS of /proc/self/status, in KiB; -1 where there is none. */
    private static long rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static String value(List<String> args, String name, String otherwise) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : otherwise;
    }
}
