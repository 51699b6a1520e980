package io.vigil.jobs.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.features.events.EntityKeyHasher;
import io.vigil.features.events.EntityKeySecret;
import io.vigil.features.events.Event;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.jobs.testutils.Transactions;
import io.vigil.schemas.DeadLetter;
import io.vigil.schemas.Transaction;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DecodeFunctionTest {

    private static final String SECRET = "decode-test-secret-of-enough-bytes";
    private static final FeatureSpec SPEC = FeatureSpecs.bundled();

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void validInvalidValidValidKeepsScoringAfterTheBadRecord(WireFormat format) throws Exception {
        RecordCodec<Transaction> codec = format.codec(Transaction.class);
        Transaction t1 =
                Transactions.transaction(
                        "t1", "4000123412341234", Instant.now().toEpochMilli(), 10, "m");
        Transaction t2 = Transaction.newBuilder(t1).setTransactionId("t2").build();
        Transaction t3 = Transaction.newBuilder(t1).setTransactionId("t3").build();
        byte[] garbage = "\u0002\u0010garbage".getBytes(StandardCharsets.UTF_8);
        byte[] negative =
                codec.encode(
                        Transaction.newBuilder(t1).setTransactionId("bad").setAmount(-3).build());

        try (var harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(
                                new DecodeFunction(
                                        SPEC,
                                        format,
                                        EntityKeySecret.inline(SECRET),
                                        Duration.ofMinutes(5),
                                        1 << 20)))) {
            harness.open();
            harness.processElement(
                    new StreamRecord<>(new RawRecord("transactions", 0, 10, codec.encode(t1))));
            harness.processElement(
                    new StreamRecord<>(new RawRecord("transactions", 0, 11, garbage)));
            harness.processElement(
                    new StreamRecord<>(new RawRecord("transactions", 0, 12, codec.encode(t2))));
            harness.processElement(
                    new StreamRecord<>(new RawRecord("transactions", 1, 13, negative)));
            harness.processElement(
                    new StreamRecord<>(new RawRecord("transactions", 0, 14, codec.encode(t3))));
            harness.processElement(new StreamRecord<>(new RawRecord("transactions", 0, 15, null)));

            List<Event> events = harness.extractOutputValues();
            assertThat(events).extracting(e -> e.id).containsExactly("t1", "t2", "t3");
            String key = new EntityKeyHasher(SECRET).keyOf(t1.getCardNumber());
            int card = SPEC.layout().slot("cardNumber").index();
            assertThat(events).allSatisfy(e -> assertThat(e.texts[card]).isEqualTo(key));
            assertThat(events)
                    .allSatisfy(e -> assertThat(e.texts).doesNotContain(t1.getCardNumber()));

            List<DeadLetter> dead =
                    harness.getSideOutput(DecodeFunction.DEAD_LETTERS).stream()
                            .map(StreamRecord::getValue)
                            .collect(Collectors.toList());
            assertThat(dead)
                    .extracting(DeadLetter::getReasonCode)
                    .containsExactly("UNDECODABLE", "INVALID_AMOUNT", "UNDECODABLE");
            assertThat(dead).extracting(DeadLetter::getSourceOffset).containsExactly(11L, 13L, 15L);
            assertThat(dead.get(1).getSourcePartition()).isEqualTo(1);
            assertThat(dead.get(0).getOriginalBytes().array()).isEqualTo(garbage);
            assertThat(dead.get(2).getReason()).contains("tombstone");
            assertThat(dead).extracting(DeadLetter::getOriginalSize).containsOnlyNulls();
        }
    }

    /** An 8 MB record (a compressed batch lets it in) must not make a dead letter Kafka refuses. */
    @Test
    void aHugeRecordIsOversizedWithItsFirstPartAndItsSizeAndFitsARequest() throws Exception {
        byte[] huge = new byte[8 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'x');
        try (var harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(
                                new DecodeFunction(
                                        SPEC,
                                        WireFormat.JSON,
                                        EntityKeySecret.inline(SECRET),
                                        Duration.ofMinutes(5),
                                        1 << 20)))) {
            harness.open();
            harness.processElement(new StreamRecord<>(new RawRecord("transactions", 0, 1, huge)));

            DeadLetter dead = harness.getSideOutput(DecodeFunction.DEAD_LETTERS).poll().getValue();
            assertThat(dead.getReasonCode()).isEqualTo("OVERSIZED");
            assertThat(dead.getReason()).contains("8388608 bytes, more than the 1048576");
            assertThat(dead.getOriginalSize()).isEqualTo(huge.length);
            assertThat(dead.getOriginalBytes().remaining())
                    .isEqualTo(DecodeFunction.MAX_ORIGINAL_BYTES);
            assertThat(WireFormat.AVRO.codec(DeadLetter.class).encode(dead).length)
                    .as("within the producer's default max.request.size")
                    .isLessThan(1024 * 1024);
        }
    }

    @Test
    void aSecretFileIsReadOnTheTaskManagerAndNeverSerialized(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), SECRET + "\n");
        DecodeFunction function =
                new DecodeFunction(
                        SPEC,
                        WireFormat.AVRO,
                        EntityKeySecret.fromFile(file.toString()),
                        Duration.ofMinutes(5),
                        1 << 20);

        byte[] serialized = InstantiationUtil.serializeObject(function);
        assertThat(new String(serialized, StandardCharsets.ISO_8859_1))
                .as("the job graph holds the path, not the secret")
                .contains(file.toString())
                .doesNotContain(SECRET);

        Transaction t1 =
                Transactions.transaction(
                        "t1", "4000123412341234", Instant.now().toEpochMilli(), 10, "m");
        try (var harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(
                                InstantiationUtil.<DecodeFunction>deserializeObject(
                                        serialized, getClass().getClassLoader())))) {
            harness.open();
            harness.processElement(
                    new StreamRecord<>(
                            new RawRecord(
                                    "transactions",
                                    0,
                                    1,
                                    WireFormat.AVRO.codec(Transaction.class).encode(t1))));
            int card = SPEC.layout().slot("cardNumber").index();
            assertThat(harness.extractOutputValues())
                    .extracting(e -> e.texts[card])
                    .containsExactly(new EntityKeyHasher(SECRET).keyOf(t1.getCardNumber()));
        }
    }
}
