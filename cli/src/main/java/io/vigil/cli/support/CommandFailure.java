package io.vigil.cli.support;

import java.io.IOException;
import java.nio.file.NoSuchFileException;

/**
 * A command could not do its work for a reason the user can act on (a broker that does not answer,
 * a missing topic, a refused registration). Printed as one line, exit status 1, never a stack
 * trace.
 */
public final class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CommandFailure(String message) {
        super(message);
    }

    public CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether {@code e} is a failure the user can act on from its message alone (this class, a
     * refused argument or state, an I/O problem), rather than a bug whose stack trace matters.
     */
    public static boolean isExpected(Throwable e) {
        return e instanceof CommandFailure
                || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException
                || e instanceof IOException;
    }

    /**
     * One line for any failure: the message of a known kind, else the exception's kind and message.
     */
    public static String describe(Throwable e) {
        if (isExpected(e)) {
            String message = e.getMessage();
            if (e instanceof NoSuchFileException) {
                return "no such file: " + message;
            }
            return message == null
                    ? e.getClass().getSimpleName()
                    : message.lines().findFirst().orElse("");
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
