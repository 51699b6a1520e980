package io.vigil.schemas.codec;

/** Bytes that are not a record of the expected schema; the message says why. */
public final class RecordDecodingException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a record could not be decoded, for counting unusable records by reason. */
    public enum Kind {
        /** Not a record of the expected type in any schema it has had. */
        UNDECODABLE,
        /** Larger than any Vigil record may be; refused before decoding. */
        OVERSIZED,
        /** Its header names a writer schema this record type never had. */
        UNKNOWN_SCHEMA
    }

    private final Kind kind;

    public RecordDecodingException(String message, Throwable cause) {
        this(message, cause, Kind.UNDECODABLE);
    }

    private RecordDecodingException(String message, Throwable cause, Kind kind) {
        super(message, cause);
        this.kind = kind;
    }

    /** A record larger than any Vigil reads ({@link AvroLimits#MAX_RECORD_BYTES}). */
    static RecordDecodingException oversized(int size) {
        return new RecordDecodingException(
                "a record of "
                        + size
                        + " bytes, more than the "
                        + AvroLimits.MAX_RECORD_BYTES
                        + " a Vigil record may have",
                null,
                Kind.OVERSIZED);
    }

    /** A record whose header names a schema fingerprint that {@code type} never had. */
    static RecordDecodingException unknownSchema(String type, long fingerprint) {
        return new RecordDecodingException(
                String.format(
                        "written with a schema unknown to this version of %s (fingerprint %016x):"
                                + " a newer release's? Upgrade the reader",
                        type, fingerprint),
                null,
                Kind.UNKNOWN_SCHEMA);
    }

    /** Why the record was refused. */
    public Kind kind() {
        return kind;
    }

    /** Whether the record was refused for its size, before any decoding. */
    public boolean oversized() {
        return kind == Kind.OVERSIZED;
    }
}
