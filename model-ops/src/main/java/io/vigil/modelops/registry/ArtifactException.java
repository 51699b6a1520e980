package io.vigil.modelops.registry;

/**
 * An artifact the store cannot give: its message is text Vigil wrote (never a file's contents), so
 * it may be published; the cause, for logs, may say more.
 */
public final class ArtifactException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The reference (digest, name, version) is malformed. */
        INVALID_REFERENCE,
        /** Missing, too large or unreadable. */
        UNREADABLE,
        /** The bytes do not match their digest. */
        DIGEST_MISMATCH,
        /** The manifest's bytes are not a valid manifest. */
        INVALID_MANIFEST
    }

    private final Kind kind;

    public ArtifactException(Kind kind, String message) {
        this(kind, message, null);
    }

    public ArtifactException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
