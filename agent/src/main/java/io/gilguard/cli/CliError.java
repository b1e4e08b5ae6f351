package io.gilguard.cli;

/** A command that cannot go on: its one line for stderr, and the exit status. */
final class CliError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;

    CliError(int status, String line) {
        super(line, null, false, false);
        this.status = status;
    }
}
