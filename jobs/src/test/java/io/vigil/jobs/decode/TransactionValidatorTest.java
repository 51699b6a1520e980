package io.vigil.jobs.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.Transaction;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TransactionValidatorTest {

    private static final long NOW = Instant.parse("2026-06-01T12:00:00Z").toEpochMilli();
    private final TransactionValidator validator = new TransactionValidator(Duration.ofMinutes(5));

    static Transaction.Builder valid() {
        return Transaction.newBuilder()
                .setTransactionId("t1")
                .setCardNumber("4000123412341234")
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

    @Test
    void acceptsAValidTransactionIncludingZeroAmountAndMissingLocation() {
        assertThat(validator.check(valid().build(), NOW)).isNull();
        assertThat(
                        validator.check(
                                valid().setAmount(0).setLatitude(null).setLongitude(null).build(),
                                NOW))
                .isNull();
        assertThat(
                        validator.check(
                                valid().setEventTime(Instant.ofEpochMilli(NOW + 299_000)).build(),
                                NOW))
                .isNull();
    }

    @Test
    void rejectsEmptyRequiredFieldsByName() {
        var rejection = validator.check(valid().setMerchantId(" ").build(), NOW);

        assertThat(rejection.code()).isEqualTo(RejectionReason.MISSING_FIELD);
        assertThat(rejection.reason()).contains("merchantId");
    }

    @Test
    void rejectsBadAmountsWithoutLeakingTheCardNumber() {
        for (double amount : new double[] {-0.01, Double.NaN, Double.POSITIVE_INFINITY}) {
            var rejection = validator.check(valid().setAmount(amount).build(), NOW);
            assertThat(rejection.code()).isEqualTo(RejectionReason.INVALID_AMOUNT);
            assertThat(rejection.reason()).doesNotContain("4000123412341234");
        }
    }

    @Test
    void rejectsTimestampsFarInTheFutureOrBefore2000() {
        assertThat(
                        validator
                                .check(
                                        valid().setEventTime(Instant.ofEpochMilli(NOW + 301_000))
                                                .build(),
                                        NOW)
                                .code())
                .isEqualTo(RejectionReason.FUTURE_TIMESTAMP);
        assertThat(
                        validator
                                .check(
                                        valid().setEventTime(Instant.parse("1999-12-31T23:59:59Z"))
                                                .build(),
                                        NOW)
                                .code())
                .isEqualTo(RejectionReason.INVALID_FIELD);
    }

    @Test
    void rejectsCoordinatesOutsideTheGlobe() {
        assertThat(validator.check(valid().setLatitude(91.0).build(), NOW).reason())
                .contains("latitude");
        assertThat(validator.check(valid().setLongitude(Double.NaN).build(), NOW).reason())
                .contains("longitude");
    }
}
