package io.vigil.features.events;

import static io.vigil.features.testutils.PaymentEvents.T0_MICROS;
import static io.vigil.features.testutils.PaymentEvents.avro;
import static io.vigil.features.testutils.PaymentEvents.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.features.engine.SpecFeatureReplay;
import io.vigil.features.spec.EventLayout;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.features.testutils.PaymentEvents;
import io.vigil.schemas.codec.WireFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reference tables enrich events at decode: features, filters, carried fields and rules read their
 * columns like the event's own, and a changed file is picked up without a restart.
 */
class LookupsTest {

    private static final long NOW = T0_MICROS / 1000 + 60_000;
    private static final String IBAN = "NL91ABNA0417164300";

    private static final String SPEC =
            """
            events:
              schema: payment.avsc
              id: paymentId
              time: occurredAt
              amount: amount
              sensitive: [payer.iban]
              carry: [mcc_risk.risk_group]
              rules:
                - {field: mcc_risk.risk_group, required: true}
            lookups:
              - name: mcc_risk
                file: mcc-risk.csv
                key: code
                on: mcc
                columns: {risk_group: text, risk_score: number}
                reload: 1s
            entities:
              - name: payer
                key: payer.iban
                features:
                  - {name: risk_score, aggregation: current, field: mcc_risk.risk_score}
                  - {name: risky_24h, aggregation: count, window: 24h, filter: {field: mcc_risk.risk_group, equals: HIGH}}
                  - {name: group, aggregation: one_hot, field: mcc_risk.risk_group, vocabulary: [LOW, HIGH]}
            """;

    @TempDir Path dir;

    private FeatureSpec write(String spec, String table) throws Exception {
        PaymentEvents.writeSpec(dir);
        Files.writeString(dir.resolve("mcc-risk.csv"), table);
        Path file = Files.writeString(dir.resolve("lookup-spec.yaml"), spec);
        return FeatureSpecs.load(file.toUri().toString());
    }

    private static EventReader reader(FeatureSpec spec) {
        return new EventReader(
                spec,
                WireFormat.AVRO,
                new EntityKeyHasher("lookup-secret-of-enough-bytes"),
                Duration.ofMinutes(5));
    }

    private static byte[] paymentAt(Schema schema, String id, int mcc) {
        GenericRecord p = payment(schema, id, IBAN, "m1", "10.00");
        p.put("mcc", mcc);
        return avro(p);
    }

    @Test
    void featuresFiltersCarriedFieldsAndRulesReadTheTable() throws Exception {
        FeatureSpec spec =
                write(
                        SPEC,
                        "code,risk_group,risk_score,comment\n"
                                + "5411,LOW,0.1,groceries\n"
                                + "7995,HIGH,0.9,\"betting, gambling\"\n");
        Schema schema = spec.layout().schema();
        EventReader reader = reader(spec);
        SpecFeatureReplay replay = new SpecFeatureReplay(spec);

        double[] first = replay.next(reader.read(paymentAt(schema, "p1", 7995), NOW));
        Event groceries = reader.read(paymentAt(schema, "p2", 5411), NOW + 1);
        double[] second = replay.next(groceries);

        assertThat(spec.featureNames())
                .containsExactly("risk_score", "risky_24h", "group_LOW", "group_HIGH");
        assertThat(first).containsExactly(0.9, 0, 0, 1);
        assertThat(second).as("the earlier HIGH payment counts").containsExactly(0.1, 1, 1, 0);
        EventLayout.Slot group = spec.layout().slot("mcc_risk.risk_group");
        assertThat(groceries.texts[group.index()]).isEqualTo("LOW");
        assertThatThrownBy(() -> reader.read(paymentAt(schema, "p3", 1234), NOW))
                .isInstanceOf(EventRejection.class)
                .hasMessageContaining("mcc_risk.risk_group");
    }

    @Test
    void aChangedTableIsReloadedAndABrokenOneLeavesTheLastGoodInUse() throws Exception {
        FeatureSpec spec = write(SPEC, "code,risk_group,risk_score\n5411,LOW,0.1\n");
        Schema schema = spec.layout().schema();
        EventReader reader = reader(spec);
        int score = spec.layout().slot("mcc_risk.risk_score").index();
        assertThat(reader.read(paymentAt(schema, "p1", 5411), NOW).numbers[score]).isEqualTo(0.1);

        Path table = dir.resolve("mcc-risk.csv");
        Files.writeString(table, "code,risk_group,risk_score\n5411,HIGH,0.7\n");
        Files.setLastModifiedTime(table, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertThat(reader.read(paymentAt(schema, "p2", 5411), NOW + 100).numbers[score])
                .as("not checked again within the reload interval")
                .isEqualTo(0.1);
        assertThat(reader.read(paymentAt(schema, "p3", 5411), NOW + 2_000).numbers[score])
                .as("reloaded once the interval passed")
                .isEqualTo(0.7);

        Files.writeString(table, "code,risk_group,risk_score\n5411,\"LOW\n");
        Files.setLastModifiedTime(table, FileTime.fromMillis(System.currentTimeMillis() + 10_000));
        assertThat(reader.read(paymentAt(schema, "p4", 5411), NOW + 4_000).numbers[score])
                .as("a broken new version keeps the table in use")
                .isEqualTo(0.7);
    }

    @Test
    void aSpecThatDoesNotFitItsTableIsRefusedWithEveryMistake() throws Exception {
        String broken =
                SPEC.replace(
                                "columns: {risk_group: text, risk_score: number}",
                                "columns: {risk_group: text, risk: number, other: date}")
                        .replace("reload: 1s", "reload: soon")
                        .replace("- name: mcc_risk", "- name: merchant");

        assertThatThrownBy(() -> write(broken, "code,risk_group\n5411,LOW\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'other' is number or text (was date)")
                .hasMessageContaining("has no column 'risk'; its columns: [code, risk_group]")
                .hasMessageContaining("reload 'soon' is a duration like 30s, 5m or 1h")
                .hasMessageContaining(
                        "lookup 'merchant': the events have a field of that name; name the"
                                + " table otherwise")
                .hasMessageContaining("'mcc_risk.risk_group' is not a field of Payment");
        assertThatThrownBy(
                        () ->
                                write(
                                        SPEC.replace("mcc-risk.csv", "missing.csv"),
                                        "code,risk_group,risk_score\n"))
                .hasMessageContaining("lookup 'mcc_risk': cannot read")
                .hasMessageContaining("missing.csv");
    }
}
