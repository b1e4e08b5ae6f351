package io.gilguard.runtime;

/** One instrumented boundary method: its site and, per lock, the policy that applies there. */
final class Boundary {
    final int site;
    final int[] locks;
    final int[] policies;

    Boundary(int site, int[] locks, int[] policies) {
        this.site = site;
        this.locks = locks;
        this.policies = policies;
    }
}
