package io.gilguard.apps.holdcost;

/** What native code calls back while it sorts: LMDB's comparator, in Java. */
public interface Compare {
    int compare(int a, int b);
}
