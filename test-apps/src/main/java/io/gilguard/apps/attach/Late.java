package io.gilguard.apps.attach;

/**
 * Loaded only when the app is told "late": after an attach, it is a class gilguard had never
 * seen, handled as it loads. Makes the two mistakes of a class of its own: a native call holding
 * the GIL, and a callback ({@link LateTicks}) without it.
 */
final class Late {
    private Late() {
    }

    static void run() {
        Engine.GIL.lock(); // @site:late-held
        try {
            NativeLib.poll(9);
        } finally {
            Engine.GIL.unlock();
        }
        NativeLib.fire(new LateTicks());
    }
}
