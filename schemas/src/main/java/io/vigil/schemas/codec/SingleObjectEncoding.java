package io.vigil.schemas.codec;

import java.io.ByteArrayOutputStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Avro's single-object encoding: a two-byte marker ({@code C3 01}), the writer schema's 64-bit
 * CRC-64-AVRO fingerprint of its canonical form (little-endian), then the Avro binary datum. The
 * fingerprint is what lets a reader find the schema a record was written with.
 */
public final class SingleObjectEncoding {

    /** Bytes before the datum: marker and fingerprint. */
    public static final int HEADER_LENGTH = 10;

    private static final byte MARKER_0 = (byte) 0xC3;
    private static final byte MARKER_1 = (byte) 0x01;

    private SingleObjectEncoding() {}

    /** The fingerprint that identifies {@code schema} in a header. */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** Whether {@code bytes} start with a single-object header. */
    public static boolean hasHeader(byte[] bytes) {
        return bytes.length >= HEADER_LENGTH && bytes[0] == MARKER_0 && bytes[1] == MARKER_1;
    }

    /** The writer schema's fingerprint in the header of {@code bytes} ({@link #hasHeader}). */
    public static long fingerprintIn(byte[] bytes) {
        long fingerprint = 0;
        for (int i = HEADER_LENGTH - 1; i >= 2; i--) {
            fingerprint = (fingerprint << 8) | (bytes[i] & 0xFF);
        }
        return fingerprint;
    }

    /**
     * Where the datum starts in {@code bytes}: after the header if it carries {@code fingerprint},
     * else 0 (a record written without one).
     */
    public static int datumOffset(byte[] bytes, long fingerprint) {
        return hasHeader(bytes) && fingerprintIn(bytes) == fingerprint ? HEADER_LENGTH : 0;
    }

    /** Writes the header of a record written with the schema of {@code fingerprint}. */
    public static void writeHeader(ByteArrayOutputStream out, long fingerprint) {
        out.write(MARKER_0);
        out.write(MARKER_1);
        for (int i = 0; i < 8; i++) {
            out.write((int) (fingerprint >>> (8 * i)));
        }
    }
}
