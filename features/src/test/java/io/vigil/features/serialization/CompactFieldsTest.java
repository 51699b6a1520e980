package io.vigil.features.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class CompactFieldsTest {

    @Test
    void varintsRoundTripAtTheEdgesAndSmallValuesTakeOneByte() throws IOException {
        long[] values = {0, 1, -1, 63, -64, 64, 1_700_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE};
        int[] sizes = {0, 5, 127, 128, Integer.MAX_VALUE, Integer.MIN_VALUE};
        DataOutputSerializer out = new DataOutputSerializer(16);
        CompactFields.writeVarLongs(values, out);
        CompactFields.writeVarInts(sizes, out);
        CompactFields.writeVarLongs(new long[0], out);

        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        assertThat(CompactFields.readVarLongs(in)).containsExactly(values);
        assertThat(CompactFields.readVarInts(in)).containsExactly(sizes);
        assertThat(CompactFields.readVarLongs(in)).isEmpty();
        assertThat(in.available()).isZero();

        DataOutputSerializer small = new DataOutputSerializer(4);
        CompactFields.writeVarLongs(new long[] {-64, 63, 0}, small);
        assertThat(small.length()).as("count, block length, three one-byte values").isEqualTo(5);
    }

    @Test
    void aTruncatedBlockIsRefusedWithAMessage() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        out.writeByte(3); // three values announced
        out.writeByte(1); // in a block of one byte
        out.writeByte(0);

        assertThatThrownBy(
                        () ->
                                CompactFields.readVarLongs(
                                        new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("3 values announced");
    }

    @Test
    void stringsRoundTripWithNullEmptyAndNonAscii() throws IOException {
        String[] values = {null, "", "t-1", "Zürich café ☕", "x".repeat(300)};
        DataOutputSerializer out = new DataOutputSerializer(16);
        for (String s : values) {
            CompactFields.writeString(s, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (String s : values) {
            assertThat(CompactFields.readString(in)).isEqualTo(s);
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void timesAsDeltasAndARepeatedValueAsOneAreSmallerThanFixedWidth() throws IOException {
        long[] times = {1_700_000_000_000L, 1_700_000_060_000L, Long.MIN_VALUE, 1_700_000_000_500L};
        double[] minima = {
            Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY
        };
        double[] mixed = {1.5, Double.NaN, -0.0};
        DataOutputSerializer out = new DataOutputSerializer(16);
        CompactFields.writeDeltas(times, out);
        CompactFields.writeDoubles(minima, out);
        CompactFields.writeDoubles(mixed, out);
        CompactFields.writeDoubles(new double[0], out);

        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        assertThat(CompactFields.readDeltas(in)).containsExactly(times);
        assertThat(CompactFields.readDoubles(in)).containsExactly(minima);
        double[] back = CompactFields.readDoubles(in);
        assertThat(Double.doubleToRawLongBits(back[2]))
                .as("-0.0 is not 0.0")
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(back[0]).isEqualTo(1.5);
        assertThat(back[1]).isNaN();
        assertThat(CompactFields.readDoubles(in)).isEmpty();
        assertThat(in.available()).isZero();

        DataOutputSerializer uniform = new DataOutputSerializer(16);
        CompactFields.writeDoubles(new double[60], uniform);
        assertThat(uniform.length()).as("60 zeros").isEqualTo(1 + 1 + 8);
    }
}
