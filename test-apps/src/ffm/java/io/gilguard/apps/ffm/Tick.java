package io.gilguard.apps.ffm;

/** A callback C calls through an FFM upcall stub, once per tick. */
public interface Tick {
    void onTick(int n);
}
