package io.vigil.features.serialization;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Compact encodings for the records that cross every keyed exchange and the entity state read and
 * written per event: strings as UTF-8 bytes with a variable-length size (Flink's {@code
 * StringValue} writes them char by char and reads them through a thread-local buffer, both visible
 * in the scoring job's profile); integer arrays as blocks of base-128 varints (small counts and
 * time deltas take one or two bytes instead of eight); double and hash arrays copied in bulk, a
 * repeated value once. Malformed input fails with an {@link IOException} naming what is wrong.
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

    /**
     * An unsigned value in 7-bit groups, low group first; the high bit of a byte says another
     * follows.
     */
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

    /** A count, then a block of the values as signed varints (sizes, counts). */
    static void writeVarInts(int[] values, DataOutputView out) throws IOException {
        long[] wide = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            wide[i] = values[i];
        }
        writeBlock(wide, false, out);
    }

    static int[] readVarInts(DataInputView in) throws IOException {
        long[] wide = readBlock(in, false);
        int[] values = new int[wide.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (int) wide[i];
        }
        return values;
    }

    /** A count, then a block of the values as signed varints (counts). */
    static void writeVarLongs(long[] values, DataOutputView out) throws IOException {
        writeBlock(values, false, out);
    }

    static long[] readVarLongs(DataInputView in) throws IOException {
        return readBlock(in, false);
    }

    /**
     * A count, then a block of each value's difference to the one before (bucket ids, times: close
     * to each other).
     */
    static void writeDeltas(long[] values, DataOutputView out) throws IOException {
        writeBlock(values, true, out);
    }

    static long[] readDeltas(DataInputView in) throws IOException {
        return readBlock(in, true);
    }

    /**
     * The count, the block's length in bytes, then each value (or its difference to the one before)
     * as a zig-zag varint. Coded in a local byte array with local indexes and written in one call:
     * a call to the view per byte, then a block object per array, topped the entity stages'
     * profile.
     */
    private static void writeBlock(long[] values, boolean deltas, DataOutputView out)
            throws IOException {
        byte[] bytes = new byte[values.length * 10];
        int length = 0;
        long previous = 0;
        for (long v : values) {
            long value = deltas ? v - previous : v;
            previous = v;
            long zigzag = (value << 1) ^ (value >> 63);
            while ((zigzag & ~0x7FL) != 0) {
                bytes[length++] = (byte) ((zigzag & 0x7F) | 0x80);
                zigzag >>>= 7;
            }
            bytes[length++] = (byte) zigzag;
        }
        writeVarLong(values.length, out);
        writeVarLong(length, out);
        out.write(bytes, 0, length);
    }

    private static long[] readBlock(DataInputView in, boolean deltas) throws IOException {
        long[] values = new long[readVarInt(in)];
        byte[] bytes = new byte[readVarInt(in)];
        in.readFully(bytes);
        int position = 0;
        long previous = 0;
        for (int i = 0; i < values.length; i++) {
            long zigzag = 0;
            int shift = 0;
            byte b;
            do {
                if (position >= bytes.length || shift >= 64) {
                    throw new IOException(
                            "malformed varint block: "
                                    + values.length
                                    + " values announced, fewer found");
                }
                b = bytes[position++];
                zigzag |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
            long value = (zigzag >>> 1) ^ -(zigzag & 1);
            previous = deltas ? previous + value : value;
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
            uniform =
                    Double.doubleToRawLongBits(values[i]) == Double.doubleToRawLongBits(values[0]);
        }
        out.writeBoolean(uniform);
        if (uniform) {
            out.writeDouble(values[0]);
            return;
        }
        // One bulk copy into a byte array and one write: a write per value (bounds-checked each
        // time)
        // was the top of the entity stages' profile.
        byte[] bytes = new byte[values.length * Double.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().put(values);
        out.write(bytes);
    }

    static double[] readDoubles(DataInputView in) throws IOException {
        double[] values = new double[readVarInt(in)];
        if (values.length == 0) {
            return values;
        }
        if (in.readBoolean()) {
            Arrays.fill(values, in.readDouble());
        } else {
            byte[] bytes = new byte[values.length * Double.BYTES];
            in.readFully(bytes);
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
        }
        return values;
    }

    /** A count, then the values at full width (hashes: no shorter form), copied in bulk. */
    static void writeInts(int[] values, DataOutputView out) throws IOException {
        writeVarLong(values.length, out);
        byte[] bytes = new byte[values.length * Integer.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(values);
        out.write(bytes);
    }

    static int[] readInts(DataInputView in) throws IOException {
        int[] values = new int[readVarInt(in)];
        byte[] bytes = new byte[values.length * Integer.BYTES];
        in.readFully(bytes);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(values);
        return values;
    }
}
