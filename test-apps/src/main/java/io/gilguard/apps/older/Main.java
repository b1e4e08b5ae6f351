package io.gilguard.apps.older;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * A service to attach to more than once, whose threads hold locks across the attach. Thread
 * "keeper" ({@link Keeper}) holds the three kinds of lock when told. The loop of {@code main}
 * runs for the whole life of the app, so after an attach it still runs its old code: what it
 * calls inline here (a pair's exit, a state's bind) parks no call site for gilguard.
 *
 * <p>Commands, one per line on stdin: {@code hold}, {@code release}, {@code unlock} (to the
 * keeper); {@code stray} (a new thread exits the pair through a method reference); {@code foreign}
 * (thread "taker" enters the pair, main exits it); {@code steal} (thread "binder" binds the
 * session, then main binds it); {@code restore} (thread "saver" saves a token, main restores it);
 * {@code stop}, also at end of input. Each prints a line when done.
 */
public final class Main {
    static final Session SESSION = new Session();
    private static volatile Object token;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Thread keeper = new Thread(Keeper::serve, "keeper");
        keeper.setDaemon(true);
        keeper.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("older-app: ready");
        for (String line; (line = in.readLine()) != null && !line.equals("stop"); ) {
            if (line.equals("hold") || line.equals("release") || line.equals("unlock")) {
                Keeper.tell(line);
                if (line.equals("unlock")) {
                    Keeper.tell("none"); // waits until the keeper is done with the unlock
                    System.out.println("older-app: unlock done");
                }
            } else if (line.equals("stray")) {
                Thread stray = new Thread(Main::stray, "stray");
                stray.start();
                stray.join();
                System.out.println("older-app: stray done");
            } else if (line.equals("foreign")) {
                CountDownLatch entered = new CountDownLatch(1);
                CountDownLatch exited = new CountDownLatch(1);
                Thread taker = new Thread(() -> take(entered, exited), "taker");
                taker.start();
                entered.await();
                Interp.exit(); // @site:older-foreign-exit
                exited.countDown();
                taker.join();
                System.out.println("older-app: foreign done");
            } else if (line.equals("steal")) {
                Thread binder = new Thread(Main::bindSession, "binder");
                binder.start();
                binder.join();
                SESSION.bind(); // @site:older-steal
                System.out.println("older-app: steal done, " + SESSION);
            } else if (line.equals("restore")) {
                CountDownLatch saved = new CountDownLatch(1);
                CountDownLatch restored = new CountDownLatch(1);
                Thread saver = new Thread(() -> saveToken(saved, restored), "saver");
                saver.start();
                saved.await();
                Saver.restore(token); // @site:older-restore
                restored.countDown();
                saver.join();
                System.out.println("older-app: restore done");
            }
        }
        System.out.println("older-app: done");
    }

    private static void stray() {
        Runnable exit = Interp::exit;
        exit.run(); // @site:older-stray
    }

    private static void take(CountDownLatch entered, CountDownLatch exited) {
        Interp.enter(); // @site:older-take
        entered.countDown();
        try {
            exited.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void saveToken(CountDownLatch saved, CountDownLatch restored) {
        token = Saver.save(); // @site:older-save
        saved.countDown();
        try {
            restored.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void bindSession() {
        SESSION.bind(); // @site:older-bind
    }
}
