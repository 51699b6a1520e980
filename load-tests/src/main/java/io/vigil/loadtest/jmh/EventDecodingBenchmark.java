package io.vigil.loadtest.jmh;

import io.vigil.features.events.EntityKeyHasher;
import io.vigil.features.events.Event;
import io.vigil.features.events.EventReader;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecParser;
import io.vigil.schemas.codec.WireFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decoding an event of the user's schema as wide as {@link #width} fields, of which the spec uses
 * eight (id, time, amount, a sensitive card, merchant, channel enum, latitude, longitude; spread
 * over the record), in Avro binary and JSON: the cost of extracting only what the spec uses, keyed
 * hash included. Run: {@code ./vigil jmh EventDecodingBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventDecodingBenchmark {

    private static final String[] USED = {
        "id", "time", "amount", "card", "merchant", "channel", "lat", "lon"
    };

    @Param({"10", "100"})
    public int width;

    @Param({"AVRO", "JSON"})
    public WireFormat format;

    private EventReader reader;
    private byte[] encoded;
    private long now;

    @Setup
    public void setUp() throws Exception {
        Schema schema = new Schema.Parser().parse(schemaJson(width));
        Path dir = Files.createTempDirectory("event-benchmark");
        Files.writeString(dir.resolve("wide.avsc"), schema.toString());
        String spec =
                """
                events:
                  schema: wide.avsc
                  id: id
                  time: time
                  amount: amount
                  sensitive: [card]
                  rules:
                    - {field: merchant, required: true, max-length: 64}
                    - {field: amount, min: 0}
                entities:
                  - name: card
                    key: card
                    features:
                      - {name: n, aggregation: count, window: 1h}
                      - {name: s, aggregation: sum, field: amount, window: 24h}
                      - {name: m, aggregation: distinct_count, field: merchant, window: 24h}
                      - {name: online, aggregation: matches, filter: {field: channel, equals: ONLINE}}
                      - {name: v, aggregation: geo_velocity, latitude: lat, longitude: lon}
                """;
        Path specFile = Files.writeString(dir.resolve("spec.yaml"), spec);
        FeatureSpec parsed = FeatureSpecParser.parse(spec, specFile.toUri().toString());
        now = System.currentTimeMillis();
        reader =
                new EventReader(
                        parsed,
                        format,
                        new EntityKeyHasher("benchmark-secret-of-enough-bytes"),
                        Duration.ofMinutes(5));
        GenericRecord record = record(schema, now - 1000);
        encoded = format == WireFormat.AVRO ? avro(record) : json(record);
    }

    @Benchmark
    public Event read() throws Exception {
        return reader.read(encoded, now);
    }

    /** {@code width} fields: the used ones spread evenly, fillers of several types between. */
    static String schemaJson(int width) {
        StringBuilder fields = new StringBuilder();
        int step = width / USED.length;
        int used = 0;
        for (int i = 0; i < width; i++) {
            if (fields.length() > 0) {
                fields.append(',');
            }
            if (i % step == 0 && used < USED.length) {
                fields.append(usedField(USED[used++]));
            } else {
                String type =
                        switch (i % 4) {
                            case 0 -> "\"string\"";
                            case 1 -> "\"double\"";
                            case 2 -> "\"long\"";
                            default -> "[\"null\", \"string\"]";
                        };
                fields.append("{\"name\": \"f")
                        .append(i)
                        .append("\", \"type\": ")
                        .append(type)
                        .append('}');
            }
        }
        return "{\"type\": \"record\", \"name\": \"Wide\", \"namespace\": \"bench\", \"fields\": ["
                + fields
                + "]}";
    }

    private static String usedField(String name) {
        String type =
                switch (name) {
                    case "time" -> "{\"type\": \"long\", \"logicalType\": \"timestamp-millis\"}";
                    case "amount", "lat", "lon" -> "\"double\"";
                    case "channel" ->
                            "{\"type\": \"enum\", \"name\": \"Channel\", \"symbols\": [\"ONLINE\","
                                    + " \"CARD_PRESENT\"]}";
                    default -> "\"string\"";
                };
        return "{\"name\": \"" + name + "\", \"type\": " + type + "}";
    }

    private static GenericRecord record(Schema schema, long time) {
        GenericRecord r = new GenericData.Record(schema);
        for (Schema.Field f : schema.getFields()) {
            Schema type = f.schema();
            Object value =
                    switch (f.name()) {
                        case "id" -> "tx-000123456";
                        case "time" -> time;
                        case "amount" -> 42.5;
                        case "card" -> "4000123412341234";
                        case "merchant" -> "merchant-0042";
                        case "channel" -> new GenericData.EnumSymbol(type, "ONLINE");
                        case "lat" -> 52.37;
                        case "lon" -> 4.89;
                        default ->
                                switch (type.getType()) {
                                    case DOUBLE -> 3.14159;
                                    case LONG -> 1_234_567_890L;
                                    default -> "filler value " + f.name();
                                };
                    };
            r.put(f.name(), value);
        }
        return r;
    }

    private static byte[] avro(GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** Plain JSON: every field as {@code "name": value}. */
    private static byte[] json(GenericRecord record) {
        StringBuilder json = new StringBuilder("{");
        for (Schema.Field f : record.getSchema().getFields()) {
            Object value = record.get(f.name());
            if (json.length() > 1) {
                json.append(", ");
            }
            json.append('"').append(f.name()).append("\": ");
            if (value instanceof Number) {
                json.append(value);
            } else {
                json.append('"').append(value).append('"');
            }
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }
}
