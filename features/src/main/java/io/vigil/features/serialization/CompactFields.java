package io.vigil.features.serialization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Compact encodings of single values, for the records that cross every keyed exchange and the entity
 * state read and written per event: strings as UTF-8 bytes with a variable-length size (Flink's
 * {@code StringValue} writes them char by char and reads them through a thread-local buffer, both
 * visible in the scoring job's profile), and integers as base-128 varints (small counts and time
 * deltas take one or two bytes instead of eight).
 */
final class CompactFields {

    private CompactFields() {}

    /** {@code s} as its UTF-8 length plus one (0 for null), then the bytes. */
    static void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeByte(0);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeVarLong(bytes.length + 1L, out);
        out.write(bytes);
    }

    static String readString(DataInputView in) throws IOException {
        int length = readVarInt(in) - 1;
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** An unsigned value in 7-bit groups, low group first; the high bit of a byte says another follows. */
    static void writeVarLong(long value, DataOutputView out) throws IOException {
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    static long readVarLong(DataInputView in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.readByte();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IOException("malformed varint: more than 10 bytes");
    }

    static int readVarInt(DataInputView in) throws IOException {
        long value = readVarLong(in);
        if (value > Integer.MAX_VALUE) {
            throw new IOException("malformed length " + value);
        }
        return (int) value;
    }

    /** A signed value, zig-zag encoded so that small negative values stay short too. */
    static void writeSignedVarLong(long value, DataOutputView out) throws IOException {
        writeVarLong((value << 1) ^ (value >> 63), out);
    }

    static long readSignedVarLong(DataInputView in) throws IOException {
        long zigzag = readVarLong(in);
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }

    /** A count, then each value as a varint (small non-negative values: sizes, counts). */
    static void writeVarInts(int[] values, DataOutputView out) throws IOException {
        writeVarLong(values.length, out);
        for (int v : values) {
            writeSignedVarLong(v, out);
        }
    }

    static int[] readVarInts(DataInputView in) throws IOException {
        int[] values = new int[readVarInt(in)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (int) readSignedVarLong(in);
        }
        return values;
    }

    /** A count, then each value as a varint (counts). */
    static void writeVarLongs(long[] values, DataOutputView out) throws IOException {
        writeVarLong(values.length, out);
        for (long v : values) {
            writeSignedVarLong(v, out);
        }
    }

    static long[] readVarLongs(DataInputView in) throws IOException {
        long[] values = new long[readVarInt(in)];
        for (int i = 0; i < values.length; i++) {
            values[i] = readSignedVarLong(in);
        }
        return values;
    }

    /** A count, then each value as its difference to the one before (bucket ids, times: close to each other). */
    static void writeDeltas(long[] values, DataOutputView out) throws IOException {
        writeVarLong(values.length, out);
        long previous = 0;
        for (long v : values) {
            writeSignedVarLong(v - previous, out);
            previous = v;
        }
    }

    static long[] readDeltas(DataInputView in) throws IOException {
        long[] values = new long[readVarInt(in)];
        long previous = 0;
        for (int i = 0; i < values.length; i++) {
            previous += readSignedVarLong(in);
            values[i] = previous;
        }
        return values;
    }

    /**
     * A count, then the values; an array whose values are all the same (e.g. the minima of a spec
     * without min features, all +infinity) as that one value.
     */
    static void writeDoubles(double[] values, DataOutputView out) throws IOException {
        writeVarLong(values.length, out);
        if (values.length == 0) {
            return;
        }
        boolean uniform = true;
        for (int i = 1; i < values.length && uniform; i++) {
            uniform = Double.doubleToRawLongBits(values[i]) == Double.doubleToRawLongBits(values[0]);
        }
        out.writeBoolean(uniform);
        for (int i = 0; i < (uniform ? 1 : values.length); i++) {
            out.writeDouble(values[i]);
        }
    }

    static double[] readDoubles(DataInputView in) throws IOException {
        double[] values = new double[readVarInt(in)];
        if (values.length == 0) {
            return values;
        }
        if (in.readBoolean()) {
            java.util.Arrays.fill(values, in.readDouble());
        } else {
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readDouble();
            }
        }
        return values;
    }
}
