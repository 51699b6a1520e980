package io.vigil.schemas.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro binary in {@link SingleObjectEncoding single-object encoding}: every record written names
 * its writer schema by fingerprint, and every record read is resolved from the schema it was
 * written with (today's or a released one, {@link SchemaHistory}) to today's, so records written by
 * an older release decode with today's defaults for the fields added since. Records without a
 * header (written before records carried one) are read with today's schema, then each released one
 * from the newest, until one reads the whole record.
 *
 * <p>Every decode starts from a freshly reset decoder, so a bad record never affects the records
 * after it; a record followed by extra bytes is rejected rather than silently truncated.
 */
public final class AvroBinaryCodec<T extends SpecificRecord> implements RecordCodec<T> {

    static {
        AvroLimits.install(); // before Avro reads its limits: see AvroLimits
    }

    private final Schema schema;
    private final long fingerprint;
    private final SchemaHistory history;
    private final SpecificDatumWriter<T> writer;

    /** Writes what {@link #writer} would, faster; null for a schema it does not compile. */
    private final CompiledAvroWriter compiled;

    /** By writer schema; the history's schema instances are kept for the JVM's life. */
    private final Map<Schema, SpecificDatumReader<T>> readers = new IdentityHashMap<>();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;

    public AvroBinaryCodec(Class<T> type) {
        this.schema = SpecificData.get().getSchema(type);
        this.fingerprint = SingleObjectEncoding.fingerprint(schema);
        this.history = SchemaHistory.of(schema);
        this.writer = new SpecificDatumWriter<>(type);
        this.compiled = CompiledAvroWriter.compile(schema);
    }

    @Override
    public byte[] encode(T record) {
        out.reset();
        SingleObjectEncoding.writeHeader(out, fingerprint);
        // Buffered: a direct encoder writes byte by byte into the stream (its capacity checked each
        // time), the top of the scoring thread's profile.
        encoder = EncoderFactory.get().binaryEncoder(out, encoder);
        try {
            if (compiled != null) {
                compiled.write(record, encoder);
            } else {
                writer.write(record, encoder);
            }
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
        if (SingleObjectEncoding.hasHeader(bytes)) {
            long written = SingleObjectEncoding.fingerprintIn(bytes);
            Schema writerSchema = history.withFingerprint(written);
            if (writerSchema != null) {
                return read(writerSchema, bytes, SingleObjectEncoding.HEADER_LENGTH);
            }
            try {
                // The header bytes may also begin a record written without one.
                return readWithoutHeader(bytes);
            } catch (RecordDecodingException e) {
                throw RecordDecodingException.unknownSchema(schema.getName(), written);
            }
        }
        return readWithoutHeader(bytes);
    }

    /** A record written without a header: the first schema of its history that reads it whole. */
    private T readWithoutHeader(byte[] bytes) throws RecordDecodingException {
        RecordDecodingException first = null;
        for (Schema candidate : history.newestFirst()) {
            try {
                return read(candidate, bytes, 0);
            } catch (RecordDecodingException e) {
                first = first == null ? e : first;
            }
        }
        throw first;
    }

    private T read(Schema writerSchema, byte[] bytes, int offset) throws RecordDecodingException {
        SpecificDatumReader<T> reader =
                readers.computeIfAbsent(writerSchema, w -> new SpecificDatumReader<>(w, schema));
        decoder = DecoderFactory.get().binaryDecoder(bytes, offset, bytes.length - offset, decoder);
        T record;
        try {
            record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new RecordDecodingException(
                        "trailing bytes after one " + schema.getName() + " record (wrong schema?)",
                        null);
            }
        } catch (IOException | RuntimeException e) {
            throw new RecordDecodingException(
                    "not an Avro binary " + schema.getName() + ": " + e, e);
        }
        return record;
    }
}
