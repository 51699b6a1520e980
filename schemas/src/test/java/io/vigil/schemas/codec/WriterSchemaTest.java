package io.vigil.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.schemas.Prediction;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * Records name their writer schema, and records written with any schema a type has had (today's or
 * a released one, with or without the header) decode to today's type.
 */
class WriterSchemaTest {

    private final RecordCodec<Prediction> codec = WireFormat.AVRO.codec(Prediction.class);

    @Test
    void everyRecordStartsWithTheFingerprintOfItsSchema() {
        byte[] bytes = codec.encode(RecordCodecTest.prediction());

        assertThat(SingleObjectEncoding.hasHeader(bytes)).isTrue();
        assertThat(Arrays.copyOf(bytes, 2)).containsExactly(0xC3, 0x01);
        assertThat(SingleObjectEncoding.fingerprintIn(bytes))
                .isEqualTo(SingleObjectEncoding.fingerprint(Prediction.getClassSchema()));
    }

    @Test
    void readsRecordsOfTheReleasedSchemaWithAndWithoutTheHeader() throws Exception {
        Schema released = released();
        assertThat(released.getField("amount")).as("the release before amounts").isNull();
        byte[] datum = datum(released, RecordCodecTest.prediction());

        for (byte[] bytes : new byte[][] {datum, withHeader(released, datum)}) {
            Prediction read = codec.decode(bytes);
            assertThat(read.getTransactionId()).isEqualTo("t-1");
            assertThat(read.getFeatures()).containsEntry("count_1h", 3.0);
            assertThat(read.getAmount()).as("a field added since: its default").isNull();
        }
    }

    @Test
    void readsRecordsOfTodaysSchemaWrittenWithoutTheHeader() throws Exception {
        Prediction prediction = RecordCodecTest.prediction();
        byte[] datum = datum(Prediction.getClassSchema(), prediction);

        assertThat(codec.decode(datum)).isEqualTo(prediction);
    }

    @Test
    void aRecordOfAnUnknownSchemaIsRefusedAsSuch() {
        byte[] bytes = codec.encode(RecordCodecTest.prediction());
        bytes[5] ^= 0x5A; // another fingerprint

        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOfSatisfying(
                        RecordDecodingException.class,
                        e ->
                                assertThat(e.kind())
                                        .isEqualTo(RecordDecodingException.Kind.UNKNOWN_SCHEMA))
                .hasMessageContaining("unknown");
    }

    @Test
    void bytesOfNoSchemaAreUndecodable() {
        byte[] garbage = {0x02, 0x41, (byte) 0xFF, 0x7F};

        assertThatThrownBy(() -> codec.decode(garbage))
                .isInstanceOfSatisfying(
                        RecordDecodingException.class,
                        e ->
                                assertThat(e.kind())
                                        .isEqualTo(RecordDecodingException.Kind.UNDECODABLE));
    }

    /** Prediction as the release before this one defined it. */
    private static Schema released() {
        return SchemaHistory.of(Prediction.getClassSchema()).newestFirst().stream()
                .filter(s -> s != Prediction.getClassSchema())
                .findFirst()
                .orElseThrow();
    }

    /** {@code prediction} as a writer on {@code schema} encodes it: Avro binary, no header. */
    private static byte[] datum(Schema schema, Prediction prediction) throws Exception {
        byte[] framed = WireFormat.AVRO.codec(Prediction.class).encode(prediction);
        byte[] today =
                Arrays.copyOfRange(framed, SingleObjectEncoding.HEADER_LENGTH, framed.length);
        GenericRecord projected =
                new GenericDatumReader<GenericRecord>(Prediction.getClassSchema(), schema)
                        .read(null, DecoderFactory.get().binaryDecoder(today, null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(projected, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] withHeader(Schema schema, byte[] datum) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SingleObjectEncoding.writeHeader(out, SingleObjectEncoding.fingerprint(schema));
        out.writeBytes(datum);
        return out.toByteArray();
    }
}
