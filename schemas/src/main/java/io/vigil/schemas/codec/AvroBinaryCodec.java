package io.vigil.schemas.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro binary encoding without framing: the record value is exactly one datum of the writer schema
 * (the schema of {@code T}).
 *
 * <p>Every decode starts from a freshly reset decoder, so a bad record never affects the records
 * after it; a record followed by extra bytes is rejected rather than silently truncated.
 */
public final class AvroBinaryCodec<T extends SpecificRecord> implements RecordCodec<T> {

    static {
        AvroLimits.install(); // before Avro reads its limits: see AvroLimits
    }

    private final SpecificDatumWriter<T> writer;
    private final SpecificDatumReader<T> reader;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;

    public AvroBinaryCodec(Class<T> type) {
        this.writer = new SpecificDatumWriter<>(type);
        this.reader = new SpecificDatumReader<>(type);
    }

    @Override
    public byte[] encode(T record) {
        out.reset();
        // Buffered: a direct encoder writes byte by byte into the stream (its capacity checked each
        // time), the top of the scoring thread's profile.
        encoder = EncoderFactory.get().binaryEncoder(out, encoder);
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + record.getSchema().getName(), e);
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
        decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
        T record;
        try {
            record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new RecordDecodingException(
                        "trailing bytes after one " + schemaName() + " record (wrong schema?)",
                        null);
            }
        } catch (IOException | RuntimeException e) {
            throw new RecordDecodingException("not an Avro binary " + schemaName() + ": " + e, e);
        }
        return record;
    }

    private String schemaName() {
        return reader.getSchema().getName();
    }
}
