package io.vigil.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.schemas.DeadLetter;
import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.Prediction;
import org.junit.jupiter.api.Test;

/** No record of a Vigil topic can make a Vigil process allocate more than a bounded amount. */
class AvroLimitsTest {

    /** A string claiming 2^30 bytes: zig-zag varint of 2^30 = 2^31, then nothing. */
    private static final byte[] CLAIMS_A_GIGABYTE = {
        (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08
    };

    @Test
    void aLengthPrefixClaimingAGigabyteIsRefusedNotAllocated() {
        RecordCodec<Prediction> codec = WireFormat.AVRO.codec(Prediction.class);

        assertThat(AvroLimits.inForce()).as("installed before Avro read its limits").isTrue();
        assertThatThrownBy(() -> codec.decode(CLAIMS_A_GIGABYTE))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("exceeds maximum allowed");
        assertThatThrownBy(() -> WireFormat.AVRO.codec(ModelEvent.class).decode(CLAIMS_A_GIGABYTE))
                .isInstanceOf(RecordDecodingException.class);
    }

    @Test
    void aRecordLargerThanAnyVigilRecordIsOversizedBeforeDecoding() {
        byte[] huge = new byte[AvroLimits.MAX_RECORD_BYTES + 1];

        for (WireFormat format : WireFormat.values()) {
            assertThatThrownBy(() -> format.codec(DeadLetter.class).decode(huge))
                    .isInstanceOfSatisfying(
                            RecordDecodingException.class, e -> assertThat(e.oversized()).isTrue())
                    .hasMessageContaining("more than the " + AvroLimits.MAX_RECORD_BYTES);
        }
    }

    @Test
    void limitsAlreadySetByTheProcessAreKept() {
        String before = System.getProperty(AvroLimits.COLLECTION);
        AvroLimits.install();

        assertThat(System.getProperty(AvroLimits.COLLECTION)).isEqualTo(before).isNotNull();
        assertThat(AvroLimits.jvmOptions())
                .contains(
                        "-Dorg.apache.avro.limits.string.maxLength=" + AvroLimits.MAX_RECORD_BYTES);
    }
}
