package io.vigil.schemas.codec;

/** Bytes that are not a record of the expected schema; the message says why. */
public final class RecordDecodingException extends Exception {

    private static final long serialVersionUID = 1L;

    public RecordDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
