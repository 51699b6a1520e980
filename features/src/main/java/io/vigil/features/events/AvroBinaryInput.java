package io.vigil.features.events;

import java.nio.charset.StandardCharsets;

/**
 * Reads Avro's binary encoding from one record's bytes with every length checked against what is
 * left: a corrupted length prefix is an {@link EventRejection}, never an allocation of the size it
 * claims. Not thread-safe; reset for each record.
 */
final class AvroBinaryInput {

    private byte[] bytes;
    private int position;

    /** Reads {@code bytes} from {@code position} on. */
    void reset(byte[] bytes, int position) {
        this.bytes = bytes;
        this.position = position;
    }

    int remaining() {
        return bytes.length - position;
    }

    long readLong() throws EventRejection {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = next();
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (value >>> 1) ^ -(value & 1);
            }
        }
        throw malformed("a variable-length integer longer than 10 bytes");
    }

    int readInt() throws EventRejection {
        long value = readLong();
        if (value != (int) value) {
            throw malformed("an int out of range");
        }
        return (int) value;
    }

    double readDouble() throws EventRejection {
        return Double.longBitsToDouble(littleEndian(8));
    }

    float readFloat() throws EventRejection {
        return Float.intBitsToFloat((int) littleEndian(4));
    }

    boolean readBoolean() throws EventRejection {
        int b = next();
        if (b > 1) {
            throw malformed("a boolean that is neither 0 nor 1");
        }
        return b == 1;
    }

    String readString() throws EventRejection {
        int length = length();
        String s = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return s;
    }

    /** The bytes of a {@code bytes} value (length-prefixed). */
    byte[] readBytes() throws EventRejection {
        return readFixed(length());
    }

    byte[] readFixed(int size) throws EventRejection {
        require(size);
        byte[] value = new byte[size];
        System.arraycopy(bytes, position, value, 0, size);
        position += size;
        return value;
    }

    /** Skips a length-prefixed value (string or bytes). */
    void skipLengthPrefixed() throws EventRejection {
        skip(length());
    }

    void skip(long count) throws EventRejection {
        if (count < 0 || count > remaining()) {
            throw malformed("a length beyond the end of the record");
        }
        position += (int) count;
    }

    private int length() throws EventRejection {
        long length = readLong();
        if (length < 0 || length > remaining()) {
            throw malformed("a length of " + length + " bytes with " + remaining() + " left");
        }
        return (int) length;
    }

    private long littleEndian(int size) throws EventRejection {
        require(size);
        long value = 0;
        for (int i = 0; i < size; i++) {
            value |= (long) (bytes[position + i] & 0xff) << (8 * i);
        }
        position += size;
        return value;
    }

    private int next() throws EventRejection {
        require(1);
        return bytes[position++] & 0xff;
    }

    private void require(int count) throws EventRejection {
        if (count > remaining()) {
            throw malformed("the record ends early");
        }
    }

    static EventRejection malformed(String what) {
        return new EventRejection(
                RejectionReason.UNDECODABLE, "not an Avro record of the events' schema: " + what);
    }
}
