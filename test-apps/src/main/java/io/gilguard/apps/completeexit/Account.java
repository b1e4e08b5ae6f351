package io.gilguard.apps.completeexit;

/** A monitor object of its own class, so that the two reports can be told apart. */
final class Account {
}
