package io.vigil.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.schemas.Decision;
import io.vigil.schemas.NamedDoubles;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.Transaction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecordCodecTest {

    static Transaction transaction(String id) {
        return Transaction.newBuilder()
                .setTransactionId(id)
                .setCardNumber("4000123412341234")
                .setAccountId("acc-1")
                .setMerchantId("m-1")
                .setMerchantCategory("5411")
                .setAmount(12.5)
                .setCurrency("EUR")
                .setCountry("NL")
                .setLatitude(52.37)
                .setLongitude(4.89)
                .setChannel("CARD_PRESENT")
                .setDeviceId(null)
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void roundTripsTransactions(WireFormat format) throws Exception {
        RecordCodec<Transaction> codec = format.codec(Transaction.class);
        Transaction original = transaction("t-1");

        assertThat(codec.decode(codec.encode(original))).isEqualTo(original);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void roundTripsPredictionsWithFeatureMap(WireFormat format) throws Exception {
        RecordCodec<Prediction> codec = format.codec(Prediction.class);
        Prediction original = prediction();

        assertThat(codec.decode(codec.encode(original))).isEqualTo(original);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void aPredictionWithFeaturesOverItsVectorReadsBackAsTheSameFeatures(WireFormat format)
            throws Exception {
        RecordCodec<Prediction> codec = format.codec(Prediction.class);
        Prediction original = prediction();
        original.setFeatures(
                new NamedDoubles(
                        List.of("count_1h", "amount", "speed"),
                        new double[] {3, 12.5, Double.NaN}));

        Prediction read = codec.decode(codec.encode(original));

        assertThat(read.getFeatures()).isEqualTo(new HashMap<>(original.getFeatures()));
    }

    static Prediction prediction() {
        return Prediction.newBuilder()
                .setTransactionId("t-1")
                .setEntityKey("ab12")
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L))
                .setModelName("fraud-lr")
                .setModelVersion("1")
                .setScore(0.25)
                .setDecision(Decision.ALLOW)
                .setThreshold(0.5)
                .setFeatures(Map.of("amount", 12.5, "count_1h", 3.0))
                .setScoringLatencyMicros(42)
                .setScoredAt(Instant.ofEpochMilli(1_700_000_000_100L))
                .build();
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void rejectsGarbageAndKeepsDecodingAfterIt(WireFormat format) throws Exception {
        RecordCodec<Transaction> codec = format.codec(Transaction.class);
        byte[] valid1 = codec.encode(transaction("t-1"));
        byte[] garbage = "\u0001\u00ff not a transaction".getBytes(StandardCharsets.UTF_8);
        byte[] valid2 = codec.encode(transaction("t-2"));
        byte[] valid3 = codec.encode(transaction("t-3"));

        assertThat(codec.decode(valid1).getTransactionId()).isEqualTo("t-1");
        assertThatThrownBy(() -> codec.decode(garbage))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("Transaction");
        assertThat(codec.decode(valid2).getTransactionId()).isEqualTo("t-2");
        assertThat(codec.decode(valid3).getTransactionId()).isEqualTo("t-3");
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void rejectsTruncatedRecords(WireFormat format) {
        RecordCodec<Transaction> codec = format.codec(Transaction.class);
        byte[] valid = codec.encode(transaction("t-1"));
        byte[] truncated = Arrays.copyOf(valid, valid.length / 2);

        assertThatThrownBy(() -> codec.decode(truncated))
                .isInstanceOf(RecordDecodingException.class);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void rejectsNullValues(WireFormat format) {
        RecordCodec<Transaction> codec = format.codec(Transaction.class);

        assertThatThrownBy(() -> codec.decode(null))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("tombstone");
    }

    @Test
    void binaryRejectsTrailingBytes() {
        RecordCodec<Transaction> codec = WireFormat.AVRO.codec(Transaction.class);
        byte[] valid = codec.encode(transaction("t-1"));
        byte[] withTrailer = Arrays.copyOf(valid, valid.length + 3);

        assertThatThrownBy(() -> codec.decode(withTrailer))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("trailing bytes");
    }
}
