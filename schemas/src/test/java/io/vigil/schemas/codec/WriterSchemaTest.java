package io.vigil.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.schemas.Prediction;
import io.vigil.schemas.testutils.ReleasedRecords;
import java.util.Arrays;
import org.apache.avro.Schema;
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
        Schema released = ReleasedRecords.released(Prediction.getClassSchema());
        assertThat(released.getField("amount")).as("the release before amounts").isNull();
        byte[] datum = ReleasedRecords.bare(RecordCodecTest.prediction());

        for (byte[] bytes :
                new byte[][] {datum, ReleasedRecords.framed(RecordCodecTest.prediction())}) {
            Prediction read = codec.decode(bytes);
            assertThat(read.getTransactionId()).isEqualTo("t-1");
            assertThat(read.getFeatures()).containsEntry("count_1h", 3.0);
            assertThat(read.getAmount()).as("a field added since: its default").isNull();
        }
    }

    @Test
    void readsRecordsOfTodaysSchemaWrittenWithoutTheHeader() throws Exception {
        Prediction prediction = RecordCodecTest.prediction();
        byte[] datum = ReleasedRecords.datum(Prediction.getClassSchema(), prediction);

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
}
