package io.vigil.features.spec;

import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Resolves a field path ({@code amount}, {@code payer.card.number}) in the user's Avro schema to
 * the leaf it names. Optional fields (a union with null) are followed; arrays of single values are
 * lists; unions of several types, maps, arrays of records and plain bytes are refused with what to
 * do instead.
 */
public final class SchemaFields {

    private SchemaFields() {}

    /** A path resolved: its leaf's type and schema, whether any step may be null. */
    public record Leaf(FieldType type, Schema schema) {}

    /**
     * The leaf {@code path} names in {@code root}.
     *
     * @throws IllegalArgumentException saying what is wrong with the path, for the spec's messages
     */
    public static Leaf resolve(Schema root, String path) {
        Schema current = root;
        String[] steps = path.split("\\.", -1);
        StringBuilder walked = new StringBuilder();
        for (String step : steps) {
            current = nonNull(current, walked);
            if (current.getType() != Schema.Type.RECORD) {
                throw new IllegalArgumentException(
                        "'" + walked + "' is not a record, so it has no field '" + step + "'");
            }
            Schema.Field field = current.getField(step);
            if (field == null) {
                throw new IllegalArgumentException(
                        "'"
                                + path
                                + "' is not a field of "
                                + current.getName()
                                + "; fields there: "
                                + current.getFields().stream().map(Schema.Field::name).toList());
            }
            walked.append(walked.length() == 0 ? "" : ".").append(step);
            current = field.schema();
        }
        current = nonNull(current, walked);
        return new Leaf(typeOf(current, path), current);
    }

    /** The non-null branch of an optional field; the schema itself when it is not a union. */
    static Schema nonNull(Schema schema, CharSequence path) {
        if (!schema.isUnion()) {
            return schema;
        }
        List<Schema> types =
                schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
        if (types.size() != 1) {
            throw new IllegalArgumentException(
                    "'"
                            + path
                            + "' is a union of several types "
                            + types.stream().map(Schema::getName).toList()
                            + "; features read a field of one type (optional: a union with null)");
        }
        return types.get(0);
    }

    /** An array of single values (items may be optional), read as a list of text. */
    private static FieldType listOf(Schema array, String path) {
        Schema item = nonNull(array.getElementType(), path + "[]");
        return switch (item.getType()) {
            case STRING, ENUM, INT, LONG, BOOLEAN -> FieldType.TEXT_LIST;
            default ->
                    throw new IllegalArgumentException(
                            "'"
                                    + path
                                    + "' is an array of "
                                    + item.getType().getName()
                                    + "; an array is read when its items are strings, enums,"
                                    + " integers or booleans");
        };
    }

    private static FieldType typeOf(Schema leaf, String path) {
        LogicalType logical = leaf.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal) {
            return leaf.getType() == Schema.Type.BYTES
                    ? FieldType.DECIMAL_BYTES
                    : FieldType.DECIMAL_FIXED;
        }
        return switch (leaf.getType()) {
            case INT -> FieldType.INTEGER;
            case LONG ->
                    logical instanceof LogicalTypes.TimestampMicros
                                    || logical instanceof LogicalTypes.LocalTimestampMicros
                            ? FieldType.TIMESTAMP_MICROS
                            : logical instanceof LogicalTypes.TimestampMillis
                                            || logical instanceof LogicalTypes.LocalTimestampMillis
                                    ? FieldType.TIMESTAMP_MILLIS
                                    : FieldType.INTEGER;
            case FLOAT, DOUBLE -> FieldType.DECIMAL_NUMBER;
            case STRING -> FieldType.STRING;
            case ENUM -> FieldType.ENUM;
            case BOOLEAN -> FieldType.BOOLEAN;
            case ARRAY -> listOf(leaf, path);
            case MAP ->
                    throw new IllegalArgumentException(
                            "'" + path + "' is a map; features, keys and rules read single values");
            case RECORD ->
                    throw new IllegalArgumentException(
                            "'"
                                    + path
                                    + "' is a record; name one of its fields, e.g. '"
                                    + path
                                    + "."
                                    + leaf.getFields().get(0).name()
                                    + "'");
            default ->
                    throw new IllegalArgumentException(
                            "'"
                                    + path
                                    + "' is "
                                    + leaf.getType().getName()
                                    + "; Vigil reads numbers, strings, enums, booleans and"
                                    + " decimals");
        };
    }
}
