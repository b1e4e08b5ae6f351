package io.gilguard.apps.exit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What an application does at exit, beside a broken pairing: a shutdown hook of its own that
 * takes its time and writes a file (a log flushed, a result saved), an exit status of its own,
 * a System.err swapped for a capture and closed (as a test runner does). Arguments, in any order:
 * {@code fixed} (no unpaired unlock), {@code hook MILLIS FILE}, {@code exit STATUS}, {@code swap-err}.
 */
public final class Main {
    static final ReentrantLock GIL = new ReentrantLock();

    public static void main(String[] args) throws Exception {
        boolean fixed = false;
        int status = -1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "fixed":
                    fixed = true;
                    break;
                case "hook":
                    hook(Long.parseLong(args[++i]), Path.of(args[++i]));
                    break;
                case "exit":
                    status = Integer.parseInt(args[++i]);
                    break;
                case "swap-err":
                    PrintStream capture = new PrintStream(new ByteArrayOutputStream());
                    System.setErr(capture);
                    capture.close();
                    break;
                default:
                    throw new IllegalArgumentException(args[i]);
            }
        }
        GIL.lock();
        GIL.unlock();
        if (!fixed) {
            unpaired();
        }
        System.out.println("main done");
        if (status >= 0) {
            System.exit(status);
        }
    }

    static void unpaired() {
        try {
            GIL.unlock(); // @site:exit-unpaired
        } catch (IllegalMonitorStateException expected) {
            System.out.println("unlock without lock");
        }
    }

    /** A hook that needs {@code millis} before its file is written. */
    private static void hook(long millis, Path file) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Thread.sleep(millis);
                Files.writeString(file, "written by the application's hook\n");
            } catch (InterruptedException | IOException e) {
                throw new IllegalStateException(e);
            }
        }, "app-hook"));
    }
}
