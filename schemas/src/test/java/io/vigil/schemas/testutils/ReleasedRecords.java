package io.vigil.schemas.testutils;

import io.vigil.schemas.codec.SchemaHistory;
import io.vigil.schemas.codec.SingleObjectEncoding;
import io.vigil.schemas.codec.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;

/**
 * Records as the release before today's wrote them to Vigil's topics: Avro binary of the released
 * schema, without a header (as that release wrote them) or with its fingerprint (as a release that
 * names its writer schema writes records of an older schema).
 */
public final class ReleasedRecords {

    private ReleasedRecords() {}

    /** {@code record} as the released schema of its type encodes it, without a header. */
    public static <T extends SpecificRecord> byte[] bare(T record) {
        return write(released(record.getSchema()), record);
    }

    /** {@code record} as a writer on {@code schema} encodes it: the Avro datum, no header. */
    public static <T extends SpecificRecord> byte[] datum(Schema schema, T record) {
        return write(schema, record);
    }

    /** {@code record} in the released schema of its type, with that schema's fingerprint. */
    public static <T extends SpecificRecord> byte[] framed(T record) {
        Schema released = released(record.getSchema());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SingleObjectEncoding.writeHeader(out, SingleObjectEncoding.fingerprint(released));
        out.writeBytes(write(released, record));
        return out.toByteArray();
    }

    /** The released schema of the type whose schema today is {@code current}. */
    public static Schema released(Schema current) {
        return SchemaHistory.of(current).newestFirst().stream()
                .filter(
                        s ->
                                SingleObjectEncoding.fingerprint(s)
                                        != SingleObjectEncoding.fingerprint(current))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        current.getName() + " was never released in another form"));
    }

    private static <T extends SpecificRecord> byte[] write(Schema schema, T record) {
        byte[] framed = encodeToday(record);
        byte[] today =
                Arrays.copyOfRange(framed, SingleObjectEncoding.HEADER_LENGTH, framed.length);
        try {
            GenericRecord projected =
                    new GenericDatumReader<GenericRecord>(record.getSchema(), schema)
                            .read(null, DecoderFactory.get().binaryDecoder(today, null));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(schema).write(projected, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> byte[] encodeToday(T record) {
        return WireFormat.AVRO.codec((Class<T>) record.getClass()).encode(record);
    }
}
