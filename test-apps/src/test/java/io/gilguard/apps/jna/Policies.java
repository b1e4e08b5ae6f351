package io.gilguard.apps.jna;

/**
 * The other policies on JNA calls, one C function each (rules/jna-policies.rules): gg_sum called
 * without the GIL it requires; gg_call, whose callback finds the GIL that "acquire" took around
 * the call; gg_call_keep, whose callback takes the GIL and keeps it, so the call returns holding
 * it; gg_sleep, 150 ms holding the GIL under "audit".
 */
public final class Policies {
    private static boolean heldInCallback;

    private Policies() {
    }

    public static void main(String[] args) {
        CLib.INSTANCE.sum(1, 2); // @site:require-call
        CLib.INSTANCE.call(n -> heldInCallback = Engine.GIL.isHeldByCurrentThread(), 1);
        System.out.println("held in the callback: " + heldInCallback + ", after: " + Engine.GIL.isHeldByCurrentThread());
        CLib.INSTANCE.call_keep(n -> Engine.GIL.lock(), 1); // @site:keep-call
        System.out.println("held after call_keep: " + Engine.GIL.getHoldCount());
        Engine.GIL.unlock();
        Engine.GIL.lock(); // @site:audit-acquire
        try {
            CLib.INSTANCE.sleep(150); // @site:audit-call
        } finally {
            Engine.GIL.unlock();
        }
    }
}
