package io.vigil.features.events;

import static io.vigil.features.testutils.PaymentEvents.T0_MICROS;
import static io.vigil.features.testutils.PaymentEvents.avro;
import static io.vigil.features.testutils.PaymentEvents.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.features.engine.SpecFeatureReplay;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.features.testutils.PaymentEvents;
import io.vigil.schemas.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arrays of single values: filters match any item, carry copies them, nothing else reads them. */
class ListFieldsTest {

    private static final long NOW = T0_MICROS / 1000 + 60_000;
    private static final String IBAN = "NL91ABNA0417164300";
    private static final String SPEC =
            """
            events:
              schema: payment.avsc
              id: paymentId
              time: occurredAt
              carry: [tags]
            entities:
              - name: payer
                key: payer.iban
                features:
                  - {name: vip_1h, aggregation: count, window: 1h, filter: {field: tags, equals: vip}}
                  - {name: is_vip, aggregation: matches, filter: {field: tags, in: [vip, gold]}}
            """;

    @TempDir Path dir;

    private FeatureSpec spec(String text) throws Exception {
        PaymentEvents.writeSpec(dir);
        return FeatureSpecs.load(
                Files.writeString(dir.resolve("lists.yaml"), text).toUri().toString());
    }

    private static EventReader reader(FeatureSpec spec, WireFormat format) {
        return new EventReader(
                spec,
                format,
                new EntityKeyHasher("lists-test-secret-of-bytes"),
                Duration.ofDays(1));
    }

    @Test
    void filtersMatchAnyItemAndCarryCopiesTheItems() throws Exception {
        FeatureSpec spec = spec(SPEC);
        EventReader avro = reader(spec, WireFormat.AVRO);
        GenericRecord first = payment(spec.layout().schema(), "p1", IBAN, "m1", "5.00");
        first.put("tags", List.of("new", "vip"));
        GenericRecord second = payment(spec.layout().schema(), "p2", IBAN, "m1", "5.00");
        second.put("tags", List.of());
        SpecFeatureReplay replay = new SpecFeatureReplay(spec);

        Event vip = avro.read(avro(first), NOW);
        double[] firstFeatures = replay.next(vip);
        double[] secondFeatures = replay.next(avro.read(avro(second), NOW));

        assertThat(firstFeatures).containsExactly(0, 1);
        assertThat(secondFeatures).as("the earlier vip payment counts").containsExactly(1, 0);
        assertThat(EventFields.text(spec.layout(), "tags").apply(vip)).isEqualTo("new,vip");
        assertThat(EventFields.items(spec.layout(), "tags").apply(vip))
                .containsExactly("new", "vip");
    }

    @Test
    void jsonArraysReadAsAvroOnesAndNestedOrHugeOnesAreRejected() throws Exception {
        FeatureSpec spec = spec(SPEC);
        EventReader json = reader(spec, WireFormat.JSON);
        String event =
                """
                {"paymentId": "p1", "occurredAt": %d, "payer": {"iban": "%s"},
                 "tags": [%s]}
                """;

        Event plain =
                json.read(
                        event.formatted(T0_MICROS, IBAN, "\"gold\", null, {\"string\": \"x\"}")
                                .getBytes(StandardCharsets.UTF_8),
                        NOW);

        assertThat(EventFields.items(spec.layout(), "tags").apply(plain))
                .containsExactly("gold", "x");
        assertThatThrownBy(
                        () ->
                                json.read(
                                        event.formatted(T0_MICROS, IBAN, "[\"a\"]")
                                                .getBytes(StandardCharsets.UTF_8),
                                        NOW))
                .isInstanceOf(EventRejection.class)
                .hasMessageContaining("an array item is a string, a number or a boolean");
        byte[] binary = avro(payment(spec.layout().schema(), "p1", IBAN, "m1", "5.00"));
        // The tags array's count (2 items, zig-zag 4) becomes a claim of more items than bytes.
        int at = indexOfTags(binary);
        byte[] huge = Arrays.copyOf(binary, binary.length);
        huge[at] = (byte) 0xfe;
        assertThatThrownBy(() -> reader(spec, WireFormat.AVRO).read(huge, NOW))
                .isInstanceOf(EventRejection.class)
                .hasMessageContaining("an array claiming");
    }

    @Test
    void keysAggregationsAndRulesOnAnArrayAreRefusedSayingWhatReadsIt() {
        String broken =
                SPEC.replace("key: payer.iban", "key: tags")
                        .replace(
                                "carry: [tags]",
                                "carry: [tags]\n  rules:\n    - {field: tags, required: true}");

        assertThatThrownBy(() -> spec(broken))
                .hasMessageContaining(
                        "entity 'payer' key: 'tags' is an array: filters read it ({field: tags,"
                                + " equals: X} passes when any item is X) and carry copies it,"
                                + " but keys, aggregations and rules read single values")
                .hasMessageContaining("events rule on 'tags': 'tags' is an array");
    }

    /** Where the tags array's first block count sits in a payment encoded by the test fixture. */
    private static int indexOfTags(byte[] bytes) {
        // The fixture's tags are ["a", "b"]: count 2 (zig-zag 0x04), then "a" (0x02 'a'), "b".
        for (int i = 0; i + 4 < bytes.length; i++) {
            if (bytes[i] == 0x04
                    && bytes[i + 1] == 0x02
                    && bytes[i + 2] == 'a'
                    && bytes[i + 3] == 0x02
                    && bytes[i + 4] == 'b') {
                return i;
            }
        }
        throw new AssertionError("no tags array in the fixture's bytes");
    }
}
