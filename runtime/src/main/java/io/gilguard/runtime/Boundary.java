package io.gilguard.runtime;

/** One instrumented boundary method: its site and, per lock, the policy that applies there. */
final class Boundary {
    final int site;
    /** A wrapped native method: its JNI monitors are counted across the call. */
    final boolean downcall;
    final int[] locks;
    final int[] policies;
    /** Per lock, its policy throws when broken ({@code enforce}); read on the violation path only. */
    final boolean[] enforced;

    Boundary(int site, boolean downcall, int[] locks, int[] policies, boolean[] enforced) {
        this.site = site;
        this.downcall = downcall;
        this.locks = locks;
        this.policies = policies;
        this.enforced = enforced;
    }
}
