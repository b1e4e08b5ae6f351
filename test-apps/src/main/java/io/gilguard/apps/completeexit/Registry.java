package io.gilguard.apps.completeexit;

/** Its class object is the second monitor: a static synchronized method's lock, from C. */
final class Registry {
    private Registry() {
    }
}
