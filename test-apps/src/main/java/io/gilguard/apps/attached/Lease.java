package io.gilguard.apps.attached;

/** A monitor object of its own class, so that the report about it is plain. */
final class Lease {
}
