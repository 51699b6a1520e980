package io.vigil.loadtest.jmh;

import io.vigil.features.events.EntityKeyHasher;
import io.vigil.features.events.Event;
import io.vigil.features.events.EventReader;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.loadtest.generator.GeneratorSettings;
import io.vigil.loadtest.generator.TransactionGenerator;
import io.vigil.schemas.Decision;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.Reason;
import io.vigil.schemas.Transaction;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Per-record costs on the scoring path outside features and scoring: decoding a transaction,
 * encoding a prediction (18 features, three reasons) as the job writes it, in Avro binary and Avro
 * JSON, and beside it with Avro's own writer ({@code encodePredictionWithAvrosWriter}, what Vigil's
 * compiled writer replaces); and the HMAC that replaces a card number. {@code readCardEvent} is
 * what the job does today (the bundled spec's declared decoding: used fields only, rules, HMAC);
 * {@code decodeTransaction} plus {@code hmacCardNumber} is what it did while the card transaction
 * was built in (validation aside). Run: {@code ./vigil jmh CodecBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {

    @Param({"AVRO", "JSON"})
    public WireFormat format;

    private RecordCodec<Transaction> transactions;
    private RecordCodec<Prediction> predictions;
    private byte[] encodedTransaction;
    private Prediction prediction;
    private EntityKeyHasher hasher;
    private EventReader cardEvents;
    private long now;
    private String cardNumber;
    private SpecificDatumWriter<Prediction> avroWriter;
    private final ByteArrayOutputStream avroOut = new ByteArrayOutputStream(512);
    private BinaryEncoder avroEncoder;

    @Setup
    public void setUp() {
        Transaction t =
                new TransactionGenerator(
                                new GeneratorSettings(
                                        1, 100, 1, 0.02, Instant.parse("2026-01-01T00:00:00Z")))
                        .next()
                        .transaction();
        transactions = format.codec(Transaction.class);
        predictions = format.codec(Prediction.class);
        encodedTransaction = transactions.encode(t);
        Map<String, Double> features = new HashMap<>();
        for (int i = 0; i < 18; i++) {
            features.put("feature_" + i, i * 1.5);
        }
        prediction =
                Prediction.newBuilder()
                        .setTransactionId(t.getTransactionId())
                        .setEntityKey("9c1e".repeat(16))
                        .setEventTime(t.getEventTime())
                        .setModelName("fraud-lr")
                        .setModelVersion("1")
                        .setScore(0.12)
                        .setDecision(Decision.ALLOW)
                        .setThreshold(0.4)
                        .setFeatures(features)
                        .setScoringLatencyMicros(900)
                        .setScoredAt(t.getEventTime())
                        .setAmount(t.getAmount())
                        .setServedBy("champion")
                        .setExplainer("linear")
                        .setReasons(
                                List.of(
                                        new Reason("feature_3", 4.5, 1.25),
                                        new Reason("feature_7", 10.5, -0.5),
                                        new Reason("feature_11", 16.5, 0.125)))
                        .build();
        avroWriter = new SpecificDatumWriter<>(Prediction.class);
        hasher = new EntityKeyHasher("vigil-bench-secret-of-enough-bytes");
        cardEvents = new EventReader(FeatureSpecs.bundled(), format, hasher, Duration.ofMinutes(5));
        now = t.getEventTime().toEpochMilli();
        cardNumber = t.getCardNumber();
    }

    @Benchmark
    public Transaction decodeTransaction() throws Exception {
        return transactions.decode(encodedTransaction);
    }

    @Benchmark
    public Event readCardEvent() throws Exception {
        return cardEvents.read(encodedTransaction, now);
    }

    @Benchmark
    public byte[] encodePrediction() {
        return predictions.encode(prediction);
    }

    @Benchmark
    public byte[] encodePredictionWithAvrosWriter() throws IOException {
        avroOut.reset();
        avroEncoder = EncoderFactory.get().binaryEncoder(avroOut, avroEncoder);
        avroWriter.write(prediction, avroEncoder);
        avroEncoder.flush();
        return avroOut.toByteArray();
    }

    @Benchmark
    public String hmacCardNumber() {
        return hasher.keyOf(cardNumber);
    }
}
