package io.vigil.schemas.codec;

/**
 * Turns records into the bytes of a Kafka record value and back.
 *
 * <p>Instances keep reusable buffers and are <b>not thread-safe</b>: create one per operator
 * instance (in {@code open}), never share one between threads.
 *
 * @param <T> the record type
 */
public interface RecordCodec<T> {

    /** Encodes a record; the returned array is owned by the caller. */
    byte[] encode(T record);

    /**
     * Decodes one record from exactly {@code bytes}.
     *
     * @throws RecordDecodingException if the bytes are not one complete record of this schema
     *     (truncated, trailing bytes, wrong types); the message says what was wrong
     */
    T decode(byte[] bytes) throws RecordDecodingException;
}
