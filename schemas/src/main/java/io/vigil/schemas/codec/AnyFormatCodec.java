package io.vigil.schemas.codec;

import org.apache.avro.specific.SpecificRecord;

/**
 * Writes one wire format and reads all of them, so a topic whose format changed, or that several
 * writers share, is read whole. The format of a record is told by its first bytes: every Vigil
 * record begins with a string field, so its bare Avro datum begins with an even byte (a
 * non-negative length), never with {@code C3} (a single-object header) or <code>{</code> (JSON).
 */
final class AnyFormatCodec<T extends SpecificRecord> implements RecordCodec<T> {

    private final RecordCodec<T> writer;
    private final AvroBinaryCodec<T> avro;
    private final PlainJsonCodec<T> json;
    private final AvroJsonCodec<T> avroJson;

    AnyFormatCodec(WireFormat format, Class<T> type) {
        this.avro = new AvroBinaryCodec<>(type);
        this.json = new PlainJsonCodec<>(type);
        this.avroJson = new AvroJsonCodec<>(type);
        this.writer =
                switch (format) {
                    case AVRO -> avro;
                    case JSON -> json;
                    case AVRO_JSON -> avroJson;
                };
    }

    @Override
    public byte[] encode(T record) {
        return writer.encode(record);
    }

    @Override
    public T decode(byte[] bytes) throws RecordDecodingException {
        if (bytes != null && bytes.length > 0 && bytes[0] == '{') {
            return decodeJson(bytes);
        }
        try {
            return avro.decode(bytes);
        } catch (RecordDecodingException e) {
            if (e.kind() == RecordDecodingException.Kind.UNDECODABLE && startsJson(bytes)) {
                return decodeJson(bytes); // JSON after white space
            }
            throw e;
        }
    }

    /** Plain JSON, or else Avro's JSON encoding (whose bytes and unions plain JSON reads apart). */
    private T decodeJson(byte[] bytes) throws RecordDecodingException {
        try {
            return json.decode(bytes);
        } catch (RecordDecodingException plain) {
            if (plain.kind() != RecordDecodingException.Kind.UNDECODABLE) {
                throw plain;
            }
            try {
                return avroJson.decode(bytes);
            } catch (RecordDecodingException ignored) {
                throw plain;
            }
        }
    }

    private static boolean startsJson(byte[] bytes) {
        if (bytes == null) {
            return false;
        }
        for (byte b : bytes) {
            if (b == '{') {
                return true;
            }
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return false;
    }
}
