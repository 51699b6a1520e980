package io.vigil.features.events;

import static io.vigil.features.testutils.PaymentEvents.avro;
import static io.vigil.features.testutils.PaymentEvents.chargeback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.features.testutils.PaymentEvents;
import io.vigil.schemas.TransactionLabel;
import io.vigil.schemas.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labels in the user's shape (chargebacks of payments) become the labels monitoring joins. */
class LabelReaderTest {

    private static final FeatureSpec SPEC = PaymentEvents.spec();
    private static final Schema CHARGEBACK = SPEC.labelLayout().schema();
    private static final long DECIDED = Instant.parse("2026-02-01T10:00:00Z").toEpochMilli();

    @Test
    void theDeclaredPositiveValuesMakeAPositiveLabelAtTheDeclaredTime() throws Exception {
        LabelReader reader = new LabelReader(SPEC, WireFormat.AVRO);

        TransactionLabel fraud =
                reader.read(
                        avro(
                                chargeback(
                                        CHARGEBACK,
                                        "p1",
                                        "FRIENDLY_FRAUD",
                                        "item not received",
                                        DECIDED)),
                        0);
        TransactionLabel genuine =
                reader.read(avro(chargeback(CHARGEBACK, "p2", "GENUINE", "duplicate", DECIDED)), 0);

        assertThat(fraud.getTransactionId()).isEqualTo("p1");
        assertThat(fraud.getFraud()).isTrue();
        assertThat(fraud.getFraudPattern()).isEqualTo("item not received");
        assertThat(fraud.getLabelTime()).isEqualTo(Instant.ofEpochMilli(DECIDED));
        assertThat(genuine.getFraud()).isFalse();
        assertThat(genuine.getFraudPattern()).as("a pattern only for positives").isNull();
        assertThat(fraud.getAmount()).as("no disputed amount stated").isNull();
    }

    @Test
    void theAmountAtStakeIsTheLabelsWhenItStatesOne() throws Exception {
        GenericRecord disputed = chargeback(CHARGEBACK, "p1", "FRAUD", null, DECIDED);
        disputed.put("disputed", 120.5);

        assertThat(new LabelReader(SPEC).read(avro(disputed), 0).getAmount()).isEqualTo(120.5);
    }

    @Test
    void theLabelsSectionDeclaresJsonRecords(@TempDir Path dir) throws Exception {
        Path specFile = PaymentEvents.writeSpec(dir);
        Files.writeString(
                specFile,
                Files.readString(specFile)
                        .replace("  pattern: reason\n", "  pattern: reason\n  format: json\n"));
        FeatureSpec json = FeatureSpecs.load(specFile.toUri().toString());
        String record =
                "{\"payment\": \"p7\", \"outcome\": \"GENUINE\", \"decidedAt\": 1769940000000,"
                        + " \"disputed\": 9.5}";

        TransactionLabel label =
                new LabelReader(json).read(record.getBytes(StandardCharsets.UTF_8), 0);

        assertThat(json.labels().format()).isEqualTo(WireFormat.JSON);
        assertThat(label.getTransactionId()).isEqualTo("p7");
        assertThat(label.getFraud()).isFalse();
        assertThat(label.getAmount()).isEqualTo(9.5);
        assertThatThrownBy(
                        () ->
                                FeatureSpecs.load(
                                        Files.writeString(
                                                        specFile,
                                                        Files.readString(specFile)
                                                                .replace(
                                                                        "format: json",
                                                                        "format: csv"))
                                                .toUri()
                                                .toString()))
                .hasMessageContaining("labels: 'format' is avro or json (was csv)");
    }

    @Test
    void jsonLabelsReadAsAvroOnes() throws Exception {
        String json =
                "{\"payment\": \"p1\", \"outcome\": \"FRAUD\", \"reason\": null,"
                        + " \"decidedAt\": \"2026-02-01T10:00:00Z\"}";

        TransactionLabel label =
                new LabelReader(SPEC, WireFormat.JSON)
                        .read(json.getBytes(StandardCharsets.UTF_8), 0);

        assertThat(label.getFraud()).isTrue();
        assertThat(label.getLabelTime()).isEqualTo(Instant.ofEpochMilli(DECIDED));
    }

    @Test
    void aRecordThatIsNotALabelIsARejection() {
        LabelReader reader = new LabelReader(SPEC, WireFormat.JSON);

        assertThatThrownBy(
                        () ->
                                reader.read(
                                        "{\"outcome\": \"FRAUD\", \"decidedAt\": 1}"
                                                .getBytes(StandardCharsets.UTF_8),
                                        0))
                .isInstanceOf(EventRejection.class)
                .hasMessage("required field payment is empty");
        assertThatThrownBy(() -> reader.read(new byte[] {1, 2}, 0))
                .isInstanceOf(EventRejection.class);
    }
}
