package io.vigil.schemas.codec;

import org.apache.avro.specific.SpecificRecord;

/**
 * How records of a topic are laid out on the wire; chosen per topic by configuration. A codec
 * writes its own format and reads every one of them.
 */
public enum WireFormat {
    /**
     * Avro binary in single-object encoding: a header naming the writer schema by fingerprint, then
     * the datum (compact, the default); records without the header are read too.
     */
    AVRO,
    /**
     * Plain JSON, UTF-8: {@code "field": value}, ISO-8601 timestamps, {@code null} for an absent
     * value, no union wrappers, bytes as base64.
     */
    JSON,
    /**
     * Avro's own JSON encoding: union values wrapped by branch, timestamps in epoch milliseconds.
     */
    AVRO_JSON;

    /** A new codec for records of {@code type}; codecs are not thread-safe. */
    public <T extends SpecificRecord> RecordCodec<T> codec(Class<T> type) {
        return new AnyFormatCodec<>(this, type);
    }
}
