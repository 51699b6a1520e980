package io.vigil.features.spec;

/**
 * How Vigil reads one leaf field of the user's event schema. Every type maps to a number or to
 * text: numbers feed aggregations, text feeds keys, filters and distinct counts.
 */
public enum FieldType {
    /** Avro int or long (and the logical types date and time-millis). */
    INTEGER(true),
    /** Avro long with logical type timestamp-millis or local-timestamp-millis. */
    TIMESTAMP_MILLIS(true),
    /** Avro float or double. */
    DECIMAL_NUMBER(true),
    /** Avro long with logical type timestamp-micros or local-timestamp-micros: read as millis. */
    TIMESTAMP_MICROS(true),
    /** Avro bytes with logical type decimal. */
    DECIMAL_BYTES(true),
    /** Avro fixed with logical type decimal. */
    DECIMAL_FIXED(true),
    /** Avro string (including uuid). */
    STRING(false),
    /** Avro enum: its symbol. */
    ENUM(false),
    /** Avro boolean: {@code true} or {@code false} as text. */
    BOOLEAN(false),
    /**
     * Avro array of strings, enums, integers or booleans: its items as text, for filters (any item
     * matches) and carried fields.
     */
    TEXT_LIST(false);

    private final boolean numeric;

    FieldType(boolean numeric) {
        this.numeric = numeric;
    }

    /** Whether the field is read as a number (else as text). */
    public boolean numeric() {
        return numeric;
    }
}
