package io.vigil.schemas.codec;

import org.apache.avro.specific.SpecificRecord;

/** How records of a topic are laid out on the wire; chosen per topic by configuration. */
public enum WireFormat {
    /**
     * Avro binary in single-object encoding: a header naming the writer schema by fingerprint, then
     * the datum (compact, the default); records without the header are read too.
     */
    AVRO,
    /** Avro JSON encoding, UTF-8 (readable with any JSON tool, larger and slower). */
    JSON;

    /** A new codec for records of {@code type}; codecs are not thread-safe. */
    public <T extends SpecificRecord> RecordCodec<T> codec(Class<T> type) {
        return this == AVRO ? new AvroBinaryCodec<>(type) : new AvroJsonCodec<>(type);
    }
}
