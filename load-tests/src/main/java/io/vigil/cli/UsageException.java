package io.vigil.cli;

/** A mistake in how a command was called; printed with the command's usage, exit status 2. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
