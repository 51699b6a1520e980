package io.vigil.features.serialization;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

    /** A count, then a block of the values as signed varints (sizes, counts). */
    static void writeVarInts(int[] values, DataOutputView out) throws IOException {
        VarintBlock block = new VarintBlock(values.length);
        for (int v : values) {
            block.put(v);
        }
        block.writeTo(out);
    }

    static int[] readVarInts(DataInputView in) throws IOException {
        VarintBlock block = VarintBlock.readFrom(in);
        int[] values = new int[block.count];
        for (int i = 0; i < values.length; i++) {
            values[i] = (int) block.next();
        }
        return values;
    }

    /** A count, then a block of the values as signed varints (counts). */
    static void writeVarLongs(long[] values, DataOutputView out) throws IOException {
        VarintBlock block = new VarintBlock(values.length);
        for (long v : values) {
            block.put(v);
        }
        block.writeTo(out);
    }

    static long[] readVarLongs(DataInputView in) throws IOException {
        VarintBlock block = VarintBlock.readFrom(in);
        long[] values = new long[block.count];
        for (int i = 0; i < values.length; i++) {
            values[i] = block.next();
        }
        return values;
    }

    /** A count, then a block of each value's difference to the one before (bucket ids, times: close to each other). */
    static void writeDeltas(long[] values, DataOutputView out) throws IOException {
        VarintBlock block = new VarintBlock(values.length);
        long previous = 0;
        for (long v : values) {
            block.put(v - previous);
            previous = v;
        }
        block.writeTo(out);
    }

    static long[] readDeltas(DataInputView in) throws IOException {
        VarintBlock block = VarintBlock.readFrom(in);
        long[] values = new long[block.count];
        long previous = 0;
        for (int i = 0; i < values.length; i++) {
            previous += block.next();
            values[i] = previous;
        }
        return values;
    }

    /**
     * Signed varints of one array, coded in a local byte array and written or read in one call: a
     * call to the view per byte (bounds-checked each time) was the top of the entity stages' profile.
     */
    private static final class VarintBlock {
        private final byte[] bytes;
        /** Bytes written so far, or the read position. */
        private int position;
        /** Values put so far, or the values in a block read. */
        private int count;

        VarintBlock(int values) {
            this.bytes = new byte[values * 10];
        }

        private VarintBlock(byte[] bytes, int count) {
            this.bytes = bytes;
            this.count = count;
        }

        static VarintBlock readFrom(DataInputView in) throws IOException {
            int count = readVarInt(in);
            byte[] bytes = new byte[readVarInt(in)];
            in.readFully(bytes);
            return new VarintBlock(bytes, count);
        }

        void put(long value) {
            long zigzag = (value << 1) ^ (value >> 63);
            while ((zigzag & ~0x7FL) != 0) {
                bytes[position++] = (byte) ((zigzag & 0x7F) | 0x80);
                zigzag >>>= 7;
            }
            bytes[position++] = (byte) zigzag;
            count++;
        }

        void writeTo(DataOutputView out) throws IOException {
            writeVarLong(count, out);
            writeVarLong(position, out);
            out.write(bytes, 0, position);
        }

        long next() throws IOException {
            long zigzag = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= bytes.length) {
                    throw new IOException("malformed varint block: " + count + " values announced, fewer found");
                }
                byte b = bytes[position++];
                zigzag |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return (zigzag >>> 1) ^ -(zigzag & 1);
                }
            }
            throw new IOException("malformed varint: more than 10 bytes");
        }
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
        if (uniform) {
            out.writeDouble(values[0]);
            return;
        }
        // One bulk copy into a byte array and one write: a write per value (bounds-checked each time)
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
