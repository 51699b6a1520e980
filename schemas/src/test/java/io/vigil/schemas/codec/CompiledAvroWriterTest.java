package io.vigil.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.schemas.DeadLetter;
import io.vigil.schemas.DistributionDrift;
import io.vigil.schemas.DriftStats;
import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.NamedDoubles;
import io.vigil.schemas.PerformanceStats;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.Reason;
import io.vigil.schemas.RetrainEvidence;
import io.vigil.schemas.RetrainRequest;
import io.vigil.schemas.SegmentRow;
import io.vigil.schemas.SegmentStats;
import io.vigil.schemas.Transaction;
import io.vigil.schemas.TransactionLabel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.UnresolvedUnionException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compiled writer writes every record of every Vigil schema byte for byte as Avro's writer
 * does: random records (every union branch, empty and non-ASCII strings, NaN and infinities, empty
 * and large maps and arrays, map keys reused across records and colliding in its key cache).
 */
class CompiledAvroWriterTest {

    static Stream<Class<? extends SpecificRecord>> vigilRecords() {
        return Stream.of(
                Prediction.class,
                Reason.class,
                Transaction.class,
                TransactionLabel.class,
                DeadLetter.class,
                ModelEvent.class,
                DriftStats.class,
                DistributionDrift.class,
                PerformanceStats.class,
                SegmentStats.class,
                SegmentRow.class,
                RetrainRequest.class,
                RetrainEvidence.class);
    }

    @ParameterizedTest
    @MethodSource("vigilRecords")
    void writesWhatAvrosWriterWrites(Class<? extends SpecificRecord> type) throws Exception {
        Schema schema = SpecificData.get().getSchema(type);
        CompiledAvroWriter compiled = CompiledAvroWriter.compile(schema);
        assertThat(compiled).as("every Vigil schema compiles").isNotNull();
        SpecificDatumWriter<SpecificRecord> avro = new SpecificDatumWriter<>(schema);
        RandomRecords random = new RandomRecords(new Random(type.getName().hashCode()));
        for (int i = 0; i < 300; i++) {
            SpecificRecord record = (SpecificRecord) random.value(schema);
            assertThat(bytes(out -> compiled.write(record, out)))
                    .as("record %d: %s", i, record)
                    .isEqualTo(bytes(out -> avro.write(record, out)));
        }
    }

    @Test
    void writesNamedFeaturesAsAvroWritesTheirEntries() throws Exception {
        Prediction prediction =
                (Prediction) new RandomRecords(new Random(3)).value(Prediction.SCHEMA$);
        List<String> names = new ArrayList<>();
        double[] values = new double[200];
        for (int i = 0; i < values.length; i++) {
            names.add("feature_" + i);
            values[i] = i % 7 == 0 ? Double.NaN : i * 1.5;
        }
        prediction.setFeatures(new NamedDoubles(names, values));
        CompiledAvroWriter compiled = CompiledAvroWriter.compile(Prediction.SCHEMA$);
        SpecificDatumWriter<Prediction> avro = new SpecificDatumWriter<>(Prediction.SCHEMA$);

        for (int round = 0; round < 3; round++) { // the key cache filled, then reused
            assertThat(bytes(out -> compiled.write(prediction, out)))
                    .isEqualTo(bytes(out -> avro.write(prediction, out)));
        }
    }

    @Test
    void refusesAValueNoUnionBranchTakesAsAvroDoes() {
        Prediction prediction =
                (Prediction) new RandomRecords(new Random(1)).value(Prediction.SCHEMA$);
        Map<String, Object> wrong = new HashMap<>();
        wrong.put("key", 42); // the carried fields' map holds strings or null
        Prediction.class.cast(prediction).put("eventFields", wrong);
        CompiledAvroWriter compiled = CompiledAvroWriter.compile(Prediction.SCHEMA$);
        assertThatThrownBy(() -> bytes(out -> compiled.write(prediction, out)))
                .isInstanceOf(UnresolvedUnionException.class);
    }

    @Test
    void namesTheFieldOfAMissingRequiredValue() {
        Prediction prediction =
                (Prediction) new RandomRecords(new Random(2)).value(Prediction.SCHEMA$);
        prediction.setModelName(null);
        CompiledAvroWriter compiled = CompiledAvroWriter.compile(Prediction.SCHEMA$);
        assertThatThrownBy(() -> bytes(out -> compiled.write(prediction, out)))
                .isInstanceOf(AvroRuntimeException.class)
                .hasMessageContaining("Prediction.modelName");
    }

    @Test
    void leavesSchemasWithOtherLogicalTypesToAvro() {
        Schema withDate =
                new Schema.Parser()
                        .parse(
                                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"d\","
                                    + "\"type\":{\"type\":\"int\",\"logicalType\":\"date\"}}]}");
        Schema timeInUnion =
                new Schema.Parser()
                        .parse(
                                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"t\","
                                        + "\"type\":[\"null\",{\"type\":\"long\","
                                        + "\"logicalType\":\"timestamp-millis\"}]}]}");
        assertThat(CompiledAvroWriter.compile(withDate)).isNull();
        assertThat(CompiledAvroWriter.compile(timeInUnion)).isNull();
    }

    @FunctionalInterface
    private interface Writing {
        void to(BinaryEncoder out) throws IOException;
    }

    private static byte[] bytes(Writing writing) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder out = EncoderFactory.get().binaryEncoder(bytes, null);
        writing.to(out);
        out.flush();
        return bytes.toByteArray();
    }

    /** Random values of a schema, as the generated classes hold them. */
    private static final class RandomRecords {
        private static final String[] TEXTS = {
            "", "a", "fraud-lr", "Zürich", "日本", "x".repeat(300)
        };
        private final Random random;

        /** Map keys reused across records: more than the key cache's slots, so some collide. */
        private final List<String> keys = new ArrayList<>();

        RandomRecords(Random random) {
            this.random = random;
            for (int i = 0; i < 500; i++) {
                keys.add("feature_" + i);
            }
        }

        Object value(Schema schema) {
            LogicalType logical = schema.getLogicalType();
            if (logical != null && logical.getName().equals("timestamp-millis")) {
                return Instant.ofEpochMilli(random.nextLong() >> 20);
            }
            return switch (schema.getType()) {
                case NULL -> null;
                case BOOLEAN -> random.nextBoolean();
                case INT -> random.nextInt();
                case LONG -> random.nextBoolean() ? random.nextLong() : (long) random.nextInt(100);
                case FLOAT -> (float) number();
                case DOUBLE -> number();
                case STRING -> random.nextInt(4) == 0 ? new String(text()) : text();
                case BYTES -> ByteBuffer.wrap(text().getBytes());
                case ENUM -> SpecificData.get().createEnum(pick(schema.getEnumSymbols()), schema);
                case ARRAY -> {
                    List<Object> list = new ArrayList<>();
                    for (int i = random.nextInt(4) == 0 ? 0 : random.nextInt(30); i > 0; i--) {
                        list.add(value(schema.getElementType()));
                    }
                    yield list;
                }
                case MAP -> {
                    Map<String, Object> map = new HashMap<>();
                    for (int i = random.nextInt(4) == 0 ? 0 : random.nextInt(40); i > 0; i--) {
                        map.put(pick(keys), value(schema.getValueType()));
                    }
                    yield map;
                }
                case UNION -> value(pick(schema.getTypes()));
                case RECORD -> {
                    SpecificRecord record =
                            (SpecificRecord) SpecificData.get().newRecord(null, schema);
                    for (Schema.Field field : schema.getFields()) {
                        record.put(field.pos(), value(field.schema()));
                    }
                    yield record;
                }
                default -> throw new IllegalArgumentException("no " + schema.getType() + " here");
            };
        }

        private double number() {
            double[] special = {
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0, 1e300
            };
            return random.nextInt(5) == 0
                    ? special[random.nextInt(special.length)]
                    : random.nextGaussian() * 1000;
        }

        private String text() {
            return TEXTS[random.nextInt(TEXTS.length)];
        }

        private <T> T pick(List<T> options) {
            return options.get(random.nextInt(options.size()));
        }
    }
}
