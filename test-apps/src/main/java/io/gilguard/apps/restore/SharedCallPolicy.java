package io.gilguard.apps.restore;

/**
 * The seed's bug: "Call policies are static, therefore if we save PyThreadState as a private
 * variable in one thread, it'll get overwritten in another." One saved state for every thread,
 * so two threads can restore the same one.
 */
final class SharedCallPolicy implements CallPolicy {
    private static long saved;

    @Override
    public void precall() {
        saved = Py.saveThread(); // @site:restore-save
    }

    @Override
    public void postcall() {
        Py.restoreThread(saved); // @site:restore-restore
    }
}
