package io.vigil.features.events;

import static io.vigil.features.testutils.PaymentEvents.T0_MICROS;
import static io.vigil.features.testutils.PaymentEvents.avro;
import static io.vigil.features.testutils.PaymentEvents.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.testutils.PaymentEvents;
import io.vigil.schemas.codec.WireFormat;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A seeded mutation fuzzer over the decode path: valid Avro and JSON records of a nested schema
 * (unions, enums, decimals, arrays, maps), mutated thousands of times (bytes flipped, inserted,
 * deleted, duplicated, length prefixes stretched, records cut). Every result is an event or an
 * {@link EventRejection}: no other exception escapes, and no record makes the reader allocate more
 * than a bounded amount. Bounded in time: a fixed number of seeded rounds (about a second).
 */
class DecodeFuzzTest {

    private static final int ROUNDS = 10_000;
    private static final long MAX_BYTES_PER_RECORD = 1 << 20;
    private static final long NOW = T0_MICROS / 1000 + 60_000;
    private static final FeatureSpec SPEC = PaymentEvents.spec();
    private static final Schema SCHEMA = SPEC.layout().schema();

    private static final String JSON =
            """
            {"paymentId": "p1", "occurredAt": "2026-01-01T00:00:00.001Z",
             "payer": {"iban": "NL91ABNA0417164300", "email": "someone@example.com",
                       "address": {"country": "NL", "lat": 52.1, "lon": 4.3}},
             "merchant": "m1", "mcc": 5411, "amount": 12.50, "method": "CARD",
             "threeDs": true, "tags": ["a", "b"], "attributes": {"k": "v"}, "notes": null}
            """;

    @ParameterizedTest
    @EnumSource(
            value = WireFormat.class,
            names = {"AVRO", "JSON"})
    void noMutationOfAValidRecordEscapesAsAnExceptionOrAllocatesUnboundedly(WireFormat format)
            throws Exception {
        EventReader reader =
                new EventReader(
                        SPEC,
                        format,
                        new EntityKeyHasher("fuzz-test-secret-of-enough-bytes"),
                        Duration.ofMinutes(5));
        byte[] valid =
                format == WireFormat.AVRO
                        ? avro(payment(SCHEMA, "p1", "NL91ABNA0417164300", "m1", "12.50"))
                        : JSON.getBytes(StandardCharsets.UTF_8);
        assertThat(reader.read(valid, NOW).id).as("the seed record is valid").isEqualTo("p1");

        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        Random random = new Random(format.ordinal() * 7919L + 20261129L);
        Map<RejectionReason, Integer> rejected = new EnumMap<>(RejectionReason.class);
        int accepted = 0;
        long mostAllocated = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] mutated = mutate(valid, random);
            long before = threads.getThreadAllocatedBytes(thread);
            try {
                reader.read(mutated, NOW);
                accepted++;
            } catch (EventRejection e) {
                rejected.merge(e.code(), 1, Integer::sum);
            } catch (RuntimeException | Error e) {
                fail("round %d escaped with %s on %s", round, e, Arrays.toString(mutated), e);
            }
            mostAllocated =
                    Math.max(mostAllocated, threads.getThreadAllocatedBytes(thread) - before);
        }

        System.out.printf(
                "decode fuzz %s: %,d mutated records, %,d accepted, rejected %s, at most %,d bytes"
                        + " allocated for one%n",
                format, ROUNDS, accepted, rejected, mostAllocated);
        assertThat(mostAllocated)
                .as("bytes allocated to read one record of at most %d bytes", valid.length * 3)
                .isLessThan(MAX_BYTES_PER_RECORD);
        assertThat(rejected.getOrDefault(RejectionReason.UNDECODABLE, 0))
                .as("the mutations do break records")
                .isGreaterThan(ROUNDS / 10);
        assertThat(accepted + rejected.values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(ROUNDS);
    }

    /** One to three random mutations of {@code valid}. */
    private static byte[] mutate(byte[] valid, Random random) {
        byte[] bytes = valid.clone();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && bytes.length > 0; m++) {
            int at = random.nextInt(bytes.length);
            bytes =
                    switch (random.nextInt(7)) {
                        case 0 -> flip(bytes, at, random);
                        case 1 -> insert(bytes, at, (byte) random.nextInt(256));
                        case 2 ->
                                delete(
                                        bytes,
                                        at,
                                        1 + random.nextInt(Math.min(8, bytes.length - at)));
                        case 3 ->
                                duplicate(
                                        bytes,
                                        at,
                                        1 + random.nextInt(Math.min(16, bytes.length - at)));
                        case 4 -> stretch(bytes, at);
                        case 5 -> Arrays.copyOf(bytes, at);
                        default ->
                                set(
                                        bytes,
                                        at,
                                        new byte[] {
                                                    0,
                                                    1,
                                                    (byte) 0x7f,
                                                    (byte) 0x80,
                                                    (byte) 0xff,
                                                    '"',
                                                    '{',
                                                    '['
                                                }
                                                [random.nextInt(8)]);
                    };
        }
        return bytes;
    }

    private static byte[] flip(byte[] bytes, int at, Random random) {
        bytes[at] ^= (byte) (1 << random.nextInt(8));
        return bytes;
    }

    private static byte[] set(byte[] bytes, int at, byte value) {
        bytes[at] = value;
        return bytes;
    }

    private static byte[] insert(byte[] bytes, int at, byte value) {
        byte[] out = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, out, 0, at);
        out[at] = value;
        System.arraycopy(bytes, at, out, at + 1, bytes.length - at);
        return out;
    }

    private static byte[] delete(byte[] bytes, int at, int count) {
        byte[] out = new byte[bytes.length - count];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(bytes, at + count, out, at, bytes.length - at - count);
        return out;
    }

    private static byte[] duplicate(byte[] bytes, int at, int count) {
        byte[] out = new byte[bytes.length + count];
        System.arraycopy(bytes, 0, out, 0, at + count);
        System.arraycopy(bytes, at, out, at + count, bytes.length - at);
        return out;
    }

    /** A varint that claims far more than is there: four continuation bytes before {@code at}. */
    private static byte[] stretch(byte[] bytes, int at) {
        byte[] out = new byte[bytes.length + 4];
        System.arraycopy(bytes, 0, out, 0, at);
        Arrays.fill(out, at, at + 4, (byte) 0xff);
        System.arraycopy(bytes, at, out, at + 4, bytes.length - at);
        return out;
    }
}
