package io.vigil.schemas.codec;

import org.apache.avro.SystemLimitException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds on what Avro's own decoders allocate in a Vigil process. Avro 1.11 allocates a string's or
 * bytes' declared length before reading it, and its limits default to about 2 GB: a 5-byte record
 * claiming a 2 GB string is an {@code OutOfMemoryError}. {@link #install()} sets Avro's limits
 * ({@code org.apache.avro.limits.*}) unless the process set them already; Avro reads them once,
 * when its {@code SystemLimitException} class loads, so every Vigil entry point installs them first
 * (and every codec of Vigil's topics, in its static initializer). On a cluster the TaskManagers
 * also get them as JVM options ({@code env.java.opts.all}), since Flink's own Avro serializers may
 * load Avro first.
 */
public final class AvroLimits {

    private static final Logger LOG = LoggerFactory.getLogger(AvroLimits.class);

    /** Most bytes of one record of a Vigil topic, and of any string or bytes value in it. */
    public static final int MAX_RECORD_BYTES = 8 * 1024 * 1024;

    /** Most items of one array or map. */
    public static final int MAX_COLLECTION_ITEMS = 1 << 20;

    static final String STRING = "org.apache.avro.limits.string.maxLength";
    static final String BYTES = "org.apache.avro.limits.bytes.maxLength";
    static final String COLLECTION = "org.apache.avro.limits.collectionItems.maxLength";

    private static volatile boolean checked;

    private AvroLimits() {}

    /**
     * Sets Avro's limits for this JVM unless already set, and warns once if Avro had already read
     * other values.
     */
    public static void install() {
        setIfAbsent(STRING, MAX_RECORD_BYTES);
        setIfAbsent(BYTES, MAX_RECORD_BYTES);
        setIfAbsent(COLLECTION, MAX_COLLECTION_ITEMS);
        if (!checked) {
            checked = true;
            if (!inForce()) {
                LOG.warn(
                        "Avro's decoding limits were read before Vigil could set them: a corrupted"
                                + " length prefix may allocate up to 2 GB. Start the JVM with"
                                + " -D{}={} (and the bytes and collectionItems limits)",
                        STRING,
                        MAX_RECORD_BYTES);
            }
        }
    }

    /** Whether Avro refuses a string longer than {@link #MAX_RECORD_BYTES} in this JVM. */
    public static boolean inForce() {
        try {
            SystemLimitException.checkMaxStringLength(MAX_RECORD_BYTES + 1L);
            return false;
        } catch (SystemLimitException e) {
            return true;
        }
    }

    /** The JVM options that set the limits, for processes Vigil does not start itself. */
    public static String jvmOptions() {
        return "-D"
                + STRING
                + "="
                + MAX_RECORD_BYTES
                + " -D"
                + BYTES
                + "="
                + MAX_RECORD_BYTES
                + " -D"
                + COLLECTION
                + "="
                + MAX_COLLECTION_ITEMS;
    }

    private static void setIfAbsent(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }
}
