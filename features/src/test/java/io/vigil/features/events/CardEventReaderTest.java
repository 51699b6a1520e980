package io.vigil.features.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.schemas.Transaction;
import io.vigil.schemas.codec.SingleObjectEncoding;
import io.vigil.schemas.codec.WireFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The bundled card-fraud declaration validates card transactions as Vigil always has. */
class CardEventReaderTest {

    private static final long NOW = Instant.parse("2026-06-01T12:00:00Z").toEpochMilli();
    private static final String CARD = "4000123412341234";
    private static final FeatureSpec SPEC = FeatureSpecs.bundled();

    static Transaction.Builder valid() {
        return Transaction.newBuilder()
                .setTransactionId("t1")
                .setCardNumber(CARD)
                .setAccountId("a")
                .setMerchantId("m")
                .setMerchantCategory("5411")
                .setAmount(10)
                .setCurrency("EUR")
                .setCountry("NL")
                .setLatitude(52.0)
                .setLongitude(4.0)
                .setChannel("ONLINE")
                .setDeviceId(null)
                .setEventTime(Instant.ofEpochMilli(NOW));
    }

    private static Event read(WireFormat format, Transaction.Builder t) throws EventRejection {
        return new EventReader(
                        SPEC,
                        format,
                        new EntityKeyHasher("card-test-secret-of-enough-bytes"),
                        Duration.ofMinutes(5))
                .read(format.codec(Transaction.class).encode(t.build()), NOW);
    }

    private static void assertRejected(
            WireFormat format, Transaction.Builder t, RejectionReason code, String reason) {
        assertThatThrownBy(() -> read(format, t))
                .isInstanceOfSatisfying(
                        EventRejection.class, r -> assertThat(r.code()).isEqualTo(code))
                .hasMessageContaining(reason)
                .satisfies(r -> assertThat(r.getMessage()).doesNotContain(CARD));
    }

    @Test
    void readsAvroWithAndWithoutTheSingleObjectHeader() throws Exception {
        EventReader reader =
                new EventReader(
                        SPEC,
                        WireFormat.AVRO,
                        new EntityKeyHasher("card-test-secret-of-enough-bytes"),
                        Duration.ofMinutes(5));
        byte[] framed = WireFormat.AVRO.codec(Transaction.class).encode(valid().build());
        assertThat(SingleObjectEncoding.hasHeader(framed)).isTrue();
        byte[] bare = Arrays.copyOfRange(framed, SingleObjectEncoding.HEADER_LENGTH, framed.length);

        assertThat(reader.read(framed, NOW).id).isEqualTo("t1");
        assertThat(reader.read(bare, NOW).id).isEqualTo("t1");
        byte[] otherSchema = framed.clone();
        otherSchema[4] ^= 1;
        assertThatThrownBy(() -> reader.read(otherSchema, NOW))
                .as("a header of another schema is not skipped, and says so")
                .isInstanceOfSatisfying(
                        EventRejection.class,
                        r -> assertThat(r.code()).isEqualTo(RejectionReason.UNKNOWN_SCHEMA));
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void acceptsAValidTransactionIncludingZeroAmountAndMissingLocation(WireFormat format)
            throws Exception {
        assertThat(read(format, valid()).id).isEqualTo("t1");
        Event e = read(format, valid().setAmount(0).setLatitude(null).setLongitude(null));
        assertThat(e.numbers[SPEC.layout().slot("latitude").index()]).isNaN();
        assertThat(
                        read(format, valid().setEventTime(Instant.ofEpochMilli(NOW + 299_000)))
                                .eventTime)
                .isEqualTo(NOW + 299_000);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void rejectsEmptyRequiredFieldsByName(WireFormat format) {
        assertRejected(
                format, valid().setMerchantId(" "), RejectionReason.MISSING_FIELD, "merchantId");
        assertRejected(
                format, valid().setCardNumber(""), RejectionReason.MISSING_FIELD, "cardNumber");
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void rejectsBadAmountsWithoutLeakingTheCardNumber(WireFormat format) {
        assertRejected(format, valid().setAmount(-0.01), RejectionReason.INVALID_AMOUNT, "amount");
        for (double amount : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            assertRejected(
                    format, valid().setAmount(amount), RejectionReason.INVALID_AMOUNT, "amount");
        }
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void rejectsTimestampsFarInTheFutureOrBefore2000(WireFormat format) {
        assertRejected(
                format,
                valid().setEventTime(Instant.ofEpochMilli(NOW + 301_000)),
                RejectionReason.FUTURE_TIMESTAMP,
                "eventTime");
        assertRejected(
                format,
                valid().setEventTime(Instant.parse("1999-12-31T23:59:59Z")),
                RejectionReason.INVALID_FIELD,
                "before 2000");
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void rejectsCoordinatesOutsideTheGlobe(WireFormat format) {
        assertRejected(
                format, valid().setLatitude(91.0), RejectionReason.INVALID_FIELD, "latitude");
        assertRejected(
                format, valid().setLongitude(-180.5), RejectionReason.INVALID_FIELD, "longitude");
    }
}
