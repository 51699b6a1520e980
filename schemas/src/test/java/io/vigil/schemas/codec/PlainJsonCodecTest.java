package io.vigil.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.schemas.DeadLetter;
import io.vigil.schemas.Prediction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The JSON format is plain JSON, and every codec reads every format. */
class PlainJsonCodecTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setReasonCode("UNDECODABLE")
                .setReason("not an event")
                .setSourceTopic("transactions")
                .setSourcePartition(3)
                .setSourceOffset(42)
                .setOriginalBytes(ByteBuffer.wrap(new byte[] {(byte) 0xC3, 0x01, 0x00, 0x7F}))
                .setDeadLetteredAt(Instant.parse("2026-11-29T10:15:30.250Z"))
                .setOriginalSize(null)
                .setEventId("tx-1")
                .build();
    }

    @Test
    void aPredictionIsFieldsAndValuesWithIsoTimesAndNoUnionWrappers() throws Exception {
        Prediction prediction = RecordCodecTest.prediction();
        byte[] bytes = WireFormat.JSON.codec(Prediction.class).encode(prediction);
        JsonNode json = MAPPER.readTree(bytes);

        assertThat(json.get("transactionId").textValue()).isEqualTo("t-1");
        assertThat(json.get("eventTime").textValue()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(json.get("score").doubleValue()).isEqualTo(0.25);
        assertThat(json.get("decision").textValue()).isEqualTo("ALLOW");
        assertThat(json.get("features").get("count_1h").doubleValue()).isEqualTo(3.0);
        assertThat(json.get("shadowScore").isNull()).as("absent: null").isTrue();
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .as("no Avro union wrapper anywhere")
                .doesNotContain("{\"string\"", "{\"double\"", "{\"map\"");
    }

    @Test
    void bytesAreBase64() throws Exception {
        JsonNode json =
                MAPPER.readTree(WireFormat.JSON.codec(DeadLetter.class).encode(deadLetter()));

        assertThat(json.get("originalBytes").textValue()).isEqualTo("wwEAfw==");
        assertThat(json.get("originalSize").isNull()).isTrue();
        assertThat(json.get("eventId").textValue()).isEqualTo("tx-1");
    }

    @Test
    void nanAndInfinityAreStringsThatReadBack() throws Exception {
        Prediction prediction = RecordCodecTest.prediction();
        prediction.setScore(Double.NaN);
        prediction.setShadowScore(Double.NEGATIVE_INFINITY);
        RecordCodec<Prediction> codec = WireFormat.JSON.codec(Prediction.class);
        byte[] bytes = codec.encode(prediction);

        JsonNode json = MAPPER.readTree(bytes); // strict JSON: no bare NaN token
        assertThat(json.get("score").textValue()).isEqualTo("NaN");
        assertThat(json.get("shadowScore").textValue()).isEqualTo("-Infinity");
        assertThat(codec.decode(bytes)).isEqualTo(prediction);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void everyCodecReadsEveryFormat(WireFormat reader) throws Exception {
        for (WireFormat writer : WireFormat.values()) {
            assertReadsBack(reader, writer, RecordCodecTest.prediction());
            assertReadsBack(reader, writer, deadLetter());
        }
    }

    @Test
    void readsEpochMillisMissingOptionalKeysAndWrappedUnions() throws Exception {
        String json =
                "{\"reasonCode\":\"OVERSIZED\",\"reason\":\"r\",\"sourceTopic\":\"t\","
                        + "\"sourcePartition\":0,\"sourceOffset\":7,\"originalBytes\":\"\","
                        + "\"deadLetteredAt\":1700000000000,\"eventId\":{\"string\":\"e-1\"}}";

        DeadLetter read =
                WireFormat.JSON
                        .codec(DeadLetter.class)
                        .decode(json.getBytes(StandardCharsets.UTF_8));

        assertThat(read.getDeadLetteredAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(read.getOriginalSize()).as("missing: the default").isNull();
        assertThat(read.getEventId()).isEqualTo("e-1");
    }

    @Test
    void aWrongTypeNamesTheFieldNotTheValue() {
        String json = "{\"transactionId\": 4000123412341234}";

        assertThatThrownBy(
                        () ->
                                WireFormat.JSON
                                        .codec(Prediction.class)
                                        .decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("transactionId: not text")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("4000123412341234"));
    }

    private static <T extends SpecificRecord> void assertReadsBack(
            WireFormat reader, WireFormat writer, T record) throws Exception {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) record.getClass();
        byte[] bytes = writer.codec(type).encode(record);
        assertThat(reader.codec(type).decode(bytes))
                .as("%s written as %s, read by the %s codec", type.getSimpleName(), writer, reader)
                .isEqualTo(record);
    }
}
