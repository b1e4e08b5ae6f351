package io.gilguard.apps.older;

/** Thread-bound state: it belongs to the thread that bound it, until that thread unbinds it. */
public final class Session {
    private Thread boundTo;

    public void bind() {
        boundTo = Thread.currentThread();
    }

    public void unbind() {
        boundTo = null;
    }

    public String toString() {
        return "session bound to " + (boundTo == null ? "nobody" : boundTo.getName());
    }
}
