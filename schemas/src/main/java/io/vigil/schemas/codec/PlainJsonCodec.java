package io.vigil.schemas.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Plain JSON, UTF-8, one object per record value ({@link PlainJson}): what {@code kcat ... | jq},
 * Python's {@code json} and Flink SQL's {@code json} format read without knowing Avro.
 */
final class PlainJsonCodec<T extends SpecificRecord> implements RecordCodec<T> {

    /** NaN and the infinities written as the strings "NaN", "Infinity": still valid JSON. */
    private static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();

    private final Schema schema;

    PlainJsonCodec(Class<T> type) {
        this.schema = SpecificData.get().getSchema(type);
    }

    @Override
    public byte[] encode(T record) {
        try {
            return MAPPER.writeValueAsBytes(PlainJson.write(record, schema));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + schema.getName(), e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T decode(byte[] bytes) throws RecordDecodingException {
        if (bytes == null) {
            throw new RecordDecodingException("record value is null (tombstone)", null);
        }
        if (bytes.length > AvroLimits.MAX_RECORD_BYTES) {
            throw RecordDecodingException.oversized(bytes.length);
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new RecordDecodingException("not JSON (" + e.getClass().getSimpleName() + ")", e);
        }
        try {
            return (T) PlainJson.read(json, schema, "");
        } catch (IllegalArgumentException e) {
            throw new RecordDecodingException(
                    "not a JSON " + schema.getName() + ": " + e.getMessage(), e);
        }
    }
}
