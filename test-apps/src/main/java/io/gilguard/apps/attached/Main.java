package io.gilguard.apps.attached;

/**
 * Native threads that end without DetachCurrentThread: HotSpot keeps them as live threads for
 * ever, with their JNI monitors locked (the agent reports EXITED_ATTACHED and detaches them,
 * which releases the monitors; then HELD_AT_THREAD_EXIT for the monitor). Broken (no
 * argument): exits-attached, then holds-lease with a JNI monitor on a Lease; argument
 * "monitor": holds-lease alone. Fixed (argument "fixed"): both exit the monitor and detach.
 */
public final class Main {
    public static void main(String[] args) throws InterruptedException {
        boolean fixed = args.length > 0 && args[0].equals("fixed");
        boolean monitorOnly = args.length > 0 && args[0].equals("monitor");
        if (!monitorOnly) {
            NativeLib.run("exits-attached", null, fixed);
            System.out.println("exits-attached still in the JVM: " + alive("exits-attached"));
        }

        Lease lease = new Lease();
        NativeLib.run("holds-lease", lease, fixed);
        System.out.println("holds-lease still in the JVM: " + alive("holds-lease"));
        System.out.println("lease free: " + free(lease));
    }

    /** Whether the JVM still lists a live thread of that name (the native thread itself is gone). */
    private static boolean alive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    /** Whether another thread can enter the monitor within 2 s (it would block forever if not). */
    private static boolean free(Lease lease) throws InterruptedException {
        Thread t = new Thread(() -> {
            synchronized (lease) {
                lease.hashCode();
            }
        }, "checker");
        t.setDaemon(true); // if it blocks, the JVM must still exit
        t.start();
        t.join(2_000);
        return !t.isAlive();
    }
}
