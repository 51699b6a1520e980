package io.vigil.schemas.codec;

/** Bytes that are not a record of the expected schema; the message says why. */
public final class RecordDecodingException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean oversized;

    public RecordDecodingException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private RecordDecodingException(String message, Throwable cause, boolean oversized) {
        super(message, cause);
        this.oversized = oversized;
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
                true);
    }

    /** Whether the record was refused for its size, before any decoding. */
    public boolean oversized() {
        return oversized;
    }
}
