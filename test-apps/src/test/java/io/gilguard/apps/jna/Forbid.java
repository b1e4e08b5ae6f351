package io.gilguard.apps.jna;

/**
 * Calls C holding the GIL, once through the interface (CLib.sum, C symbol gg_sum) and once
 * through direct mapping (Direct.gg_sum, the same C function; Mapped.add, mapped to it by a
 * table). Under "forbid" each is FORBIDDEN_HELD; under "release" each runs without it and the
 * GIL is held again after.
 */
public final class Forbid {
    private Forbid() {
    }

    public static void main(String[] args) {
        Engine.GIL.lock(); // @site:acquire
        try {
            int sum = CLib.INSTANCE.sum(1, 2); // @site:interface-call
            int direct = Direct.gg_sum(3, 4);
            int mapped = Mapped.add(5, 6);
            System.out.println("sum=" + sum + " direct=" + direct + " mapped=" + mapped + " held after: "
                    + Engine.GIL.isHeldByCurrentThread());
        } finally {
            Engine.GIL.unlock();
        }
    }
}
