package io.vigil.features.events;

import static io.vigil.features.testutils.PaymentEvents.T0_MICROS;
import static io.vigil.features.testutils.PaymentEvents.avro;
import static io.vigil.features.testutils.PaymentEvents.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.features.spec.EventLayout;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.testutils.PaymentEvents;
import io.vigil.schemas.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class EventReaderTest {

    private static final String SECRET = "reader-test-secret-of-enough-bytes";
    private static final long NOW = T0_MICROS / 1000 + 60_000;
    private static final FeatureSpec SPEC = PaymentEvents.spec();
    private static final Schema SCHEMA = SPEC.layout().schema();
    private static final String IBAN = "NL91ABNA0417164300";

    private final EventReader avro = reader(WireFormat.AVRO);
    private final EventReader json = reader(WireFormat.JSON);

    private static EventReader reader(WireFormat format) {
        return new EventReader(SPEC, format, new EntityKeyHasher(SECRET), Duration.ofMinutes(5));
    }

    @Test
    void extractsOnlyTheFieldsTheSpecUsesFromNestedRecordsUnionsEnumsAndDecimals()
            throws Exception {
        Event e = avro.read(avro(payment(SCHEMA, "p1", IBAN, "m1", "12.50")), NOW);

        assertThat(e.id).isEqualTo("p1");
        assertThat(e.eventTime).as("micros read as millis").isEqualTo(T0_MICROS / 1000 + 1);
        assertThat(number(e, "amount")).isEqualTo(12.5);
        assertThat(number(e, "mcc")).isEqualTo(5411);
        assertThat(number(e, "payer.address.lat")).isEqualTo(52.1);
        assertThat(text(e, "method")).isEqualTo("CARD");
        assertThat(text(e, "threeDs")).isEqualTo("true");
        assertThat(text(e, "merchant")).isEqualTo("m1");
        assertThat(SPEC.layout().slots())
                .extracting(EventLayout.Slot::path)
                .doesNotContain("notes", "tags", "attributes");
    }

    @Test
    void sensitiveFieldsLeaveDecodingOnlyAsTheirKeyedHash() throws Exception {
        Event e = avro.read(avro(payment(SCHEMA, "p1", IBAN, "m1", "12.50")), NOW);

        assertThat(text(e, "payer.iban")).isEqualTo(new EntityKeyHasher(SECRET).keyOf(IBAN));
        assertThat(text(e, "payer.email"))
                .isEqualTo(new EntityKeyHasher(SECRET).keyOf("someone@example.com"));
        assertThat(Arrays.toString(e.texts)).doesNotContain(IBAN).doesNotContain("someone@");
    }

    @Test
    void plainJsonAndAvrosJsonEncodingReadAsTheAvroBinaryDoes() throws Exception {
        Event binary = avro.read(avro(payment(SCHEMA, "p1", IBAN, "m1", "12.50")), NOW);
        String plain =
                """
                {"paymentId": "p1", "occurredAt": "2026-01-01T00:00:00.001Z",
                 "payer": {"iban": "%s", "email": "someone@example.com",
                           "address": {"country": "NL", "lat": 52.1, "lon": 4.3}},
                 "merchant": "m1", "mcc": 5411, "amount": 12.50, "method": "CARD",
                 "threeDs": true, "tags": ["a", "b"], "attributes": {"k": "v"}, "notes": null}
                """
                        .formatted(IBAN);
        String avroJson =
                """
                {"paymentId": "p1", "occurredAt": %d,
                 "payer": {"iban": "%s", "email": {"string": "someone@example.com"},
                           "address": {"com.example.pay.Address":
                               {"country": "NL", "lat": {"double": 52.1}, "lon": {"double": 4.3}}}},
                 "merchant": "m1", "mcc": 5411, "amount": "12.50", "method": "CARD",
                 "threeDs": {"boolean": true}, "tags": [], "attributes": {}, "notes": null}
                """
                        .formatted(T0_MICROS + 1_500, IBAN);

        assertThat(json.read(plain.getBytes(StandardCharsets.UTF_8), NOW)).isEqualTo(binary);
        assertThat(json.read(avroJson.getBytes(StandardCharsets.UTF_8), NOW)).isEqualTo(binary);
    }

    @Test
    void eachBrokenRuleIsARejectionNamingTheFieldWithoutQuotingText() {
        assertRejected(
                payment(SCHEMA, "p1", IBAN, "m".repeat(33), "1.00"),
                RejectionReason.INVALID_FIELD,
                "merchant is longer than 32 characters");
        assertRejected(
                payment(SCHEMA, "p1", IBAN, " ", "1.00"),
                RejectionReason.MISSING_FIELD,
                "required field merchant is empty");
        assertRejected(
                payment(SCHEMA, "p1", IBAN, "m1", "-1.00"),
                RejectionReason.INVALID_AMOUNT,
                "amount is -1.0, below the minimum 0.0");
        GenericRecord longEmail = payment(SCHEMA, "p1", IBAN, "m1", "1.00");
        ((GenericRecord) longEmail.get("payer")).put("email", "x".repeat(65) + "@example.com");
        assertThatThrownBy(() -> avro.read(avro(longEmail), NOW))
                .hasMessage("payer.email is longer than 64 characters");
        GenericRecord future = payment(SCHEMA, "p1", IBAN, "m1", "1.00");
        future.put("occurredAt", (NOW + 600_000) * 1000);
        assertRejected(future, RejectionReason.FUTURE_TIMESTAMP, "occurredAt");
    }

    @Test
    void everyFieldIsBoundedEvenWithoutADeclaredRule() throws Exception {
        GenericRecord far = payment(SCHEMA, "p1", IBAN, "m1", "1.00");
        ((GenericRecord) ((GenericRecord) far.get("payer")).get("address")).put("lat", 1e200);
        assertRejected(
                far,
                RejectionReason.INVALID_FIELD,
                "payer.address.lat is 1.0E200, above the maximum 9.007199254740992E15");
        assertRejected(
                payment(SCHEMA, "p1", "N".repeat(1025), "m1", "1.00"),
                RejectionReason.INVALID_FIELD,
                "payer.iban is longer than 1024 characters");
        assertThat(avro.read(avro(payment(SCHEMA, "p1", "N".repeat(1024), "m1", "1.00")), NOW).id)
                .isEqualTo("p1");
    }

    @Test
    void aLengthPrefixClaimingGigabytesIsUndecodableWithoutAllocatingThem() throws Exception {
        byte[] valid = avro(payment(SCHEMA, "p1", IBAN, "m1", "1.00"));
        // The id is the first field: its length prefix is the first varint. Claim ~2 GB.
        byte[] hostile = new byte[] {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};

        assertRejected(
                hostile, RejectionReason.UNDECODABLE, "a length of 2147483647 bytes with 0 left");
        assertRejected(Arrays.copyOf(valid, valid.length - 3), RejectionReason.UNDECODABLE, "");
        assertRejected(
                Arrays.copyOf(valid, valid.length + 2),
                RejectionReason.UNDECODABLE,
                "2 bytes after the end of the record");
        assertRejected(new byte[0], RejectionReason.UNDECODABLE, "ends early");
    }

    @Test
    void brokenJsonAndValuesOfTheWrongTypeAreRejectionsNamingTheField() {
        assertRejected(json, "{\"paymentId\": ", RejectionReason.UNDECODABLE, "not valid JSON");
        assertRejected(json, "[1, 2]", RejectionReason.UNDECODABLE, "a JSON object");
        assertRejected(
                json,
                "{\"paymentId\": \"p\", \"occurredAt\": 1, \"amount\": true}",
                RejectionReason.INVALID_FIELD,
                "'amount' must be a number");
        assertRejected(
                json,
                "{\"paymentId\": \"p\", \"occurredAt\": \"yesterday\"}",
                RejectionReason.INVALID_FIELD,
                "'occurredAt' is not an ISO-8601 instant");
        assertRejected(
                json,
                "{\"occurredAt\": \"2026-01-01T00:00:00Z\", \"merchant\": \"m\"}",
                RejectionReason.MISSING_FIELD,
                "required field paymentId is empty");
    }

    private void assertRejected(GenericRecord record, RejectionReason code, String reason) {
        assertRejected(avro(record), code, reason);
    }

    private void assertRejected(byte[] bytes, RejectionReason code, String reason) {
        assertThatThrownBy(() -> avro.read(bytes, NOW))
                .isInstanceOfSatisfying(
                        EventRejection.class, r -> assertThat(r.code()).isEqualTo(code))
                .hasMessageContaining(reason)
                .satisfies(r -> assertThat(r.getMessage()).doesNotContain(IBAN));
    }

    private static void assertRejected(
            EventReader reader, String json, RejectionReason code, String reason) {
        assertThatThrownBy(() -> reader.read(json.getBytes(StandardCharsets.UTF_8), NOW))
                .isInstanceOfSatisfying(
                        EventRejection.class, r -> assertThat(r.code()).isEqualTo(code))
                .hasMessageContaining(reason);
    }

    private static double number(Event e, String path) {
        return e.numbers[SPEC.layout().slot(path).index()];
    }

    private static String text(Event e, String path) {
        return e.texts[SPEC.layout().slot(path).index()];
    }
}
