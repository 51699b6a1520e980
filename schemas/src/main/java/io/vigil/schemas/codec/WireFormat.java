package io.vigil.schemas.codec;

import org.apache.avro.specific.SpecificRecord;

/** How records of a topic are laid out on the wire; chosen per topic by configuration. */
public enum WireFormat {
    /** Avro binary, one datum per record value, no framing (compact, the default). */
    AVRO,
    /** Avro JSON encoding, UTF-8 (readable with any JSON tool, larger and slower). */
    JSON;

    /** A new codec for records of {@code type}; codecs are not thread-safe. */
    public <T extends SpecificRecord> RecordCodec<T> codec(Class<T> type) {
        return this == AVRO ? new AvroBinaryCodec<>(type) : new AvroJsonCodec<>(type);
    }
}
