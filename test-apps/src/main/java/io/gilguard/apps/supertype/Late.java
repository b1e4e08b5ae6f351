package io.gilguard.apps.supertype;

/**
 * Two native implementations loaded only now, after an attach, called through the calls of
 * {@link Rounds}: LateApi, which a rule with '*' matches, through the call of Api.compute that
 * NativeApi already made gilguard watch; NativeCodec, the first native implementation of Codec,
 * which a rule names exactly.
 */
final class Late {
    private Late() {
    }

    static void run(boolean fixed) {
        Api api = new LateApi();
        Codec codec = new NativeCodec();
        if (fixed) {
            calls(api, codec);
            return;
        }
        Engine.GIL.lock(); // @site:late-held
        try {
            calls(api, codec);
        } finally {
            Engine.GIL.unlock();
        }
    }

    private static void calls(Api api, Codec codec) {
        Rounds.check("LateApi.compute", Rounds.computeThrough(api, 4), 8);
        Rounds.check("NativeCodec.encode", Rounds.encodeThrough(codec, 5), 12);
    }
}
