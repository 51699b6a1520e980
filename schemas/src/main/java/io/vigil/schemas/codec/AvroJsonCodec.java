package io.vigil.schemas.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro's JSON encoding (UTF-8, one object per record value). Readable with any JSON tool; union
 * values are wrapped in an object naming their branch, e.g. {@code "deviceId": {"string": "d1"}}.
 */
public final class AvroJsonCodec<T extends SpecificRecord> implements RecordCodec<T> {

    static {
        AvroLimits.install(); // before Avro reads its limits: see AvroLimits
    }

    private final Schema schema;
    private final SpecificDatumWriter<T> writer;
    private final SpecificDatumReader<T> reader;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);

    public AvroJsonCodec(Class<T> type) {
        this.schema = SpecificData.get().getSchema(type);
        this.writer = new SpecificDatumWriter<>(type);
        this.reader = new SpecificDatumReader<>(type);
    }

    @Override
    public byte[] encode(T record) {
        out.reset();
        try {
            JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, out);
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + schema.getName(), e);
        }
        return out.toByteArray();
    }

    @Override
    public T decode(byte[] bytes) throws RecordDecodingException {
        if (bytes == null) {
            throw new RecordDecodingException("record value is null (tombstone)", null);
        }
        if (bytes.length > AvroLimits.MAX_RECORD_BYTES) {
            throw RecordDecodingException.oversized(bytes.length);
        }
        try {
            String json = new String(bytes, StandardCharsets.UTF_8);
            return reader.read(null, DecoderFactory.get().jsonDecoder(schema, json));
        } catch (IOException | RuntimeException e) {
            throw new RecordDecodingException(
                    "not an Avro JSON " + schema.getName() + ": " + e.getMessage(), e);
        }
    }
}
