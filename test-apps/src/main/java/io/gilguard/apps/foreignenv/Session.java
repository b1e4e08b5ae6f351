package io.gilguard.apps.foreignenv;

/** The monitor env-user enters and exits. */
final class Session {
}
