package io.vigil.schemas.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * Avro records as the JSON people expect: {@code "field": value}, timestamps as ISO-8601 text,
 * {@code null} for an absent value, unions without a branch wrapper, bytes as base64. Reading is
 * lenient where it costs nothing: timestamps as text or epoch milliseconds, a missing key as the
 * field's default, and a union value in Avro's wrapped form ({@code {"string": "x"}}).
 */
final class PlainJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PlainJson() {}

    /** The JSON of {@code record}, a record of {@code schema}. */
    static ObjectNode write(IndexedRecord record, Schema schema) {
        ObjectNode object = NODES.objectNode();
        for (Schema.Field field : schema.getFields()) {
            object.set(field.name(), value(record.get(field.pos()), field.schema()));
        }
        return object;
    }

    private static JsonNode value(Object value, Schema schema) {
        if (value == null) {
            return NODES.nullNode();
        }
        return switch (schema.getType()) {
            case UNION ->
                    value(
                            value,
                            schema.getTypes().get(GenericData.get().resolveUnion(schema, value)));
            case RECORD -> write((IndexedRecord) value, schema);
            case ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                ((Collection<?>) value)
                        .forEach(item -> array.add(value(item, schema.getElementType())));
                yield array;
            }
            case MAP -> {
                ObjectNode map = NODES.objectNode();
                ((Map<?, ?>) value)
                        .forEach((k, v) -> map.set(k.toString(), value(v, schema.getValueType())));
                yield map;
            }
            case LONG ->
                    value instanceof Instant instant
                            ? NODES.textNode(instant.toString())
                            : NODES.numberNode((Long) value);
            case INT -> NODES.numberNode((Integer) value);
            case DOUBLE -> NODES.numberNode((Double) value);
            case FLOAT -> NODES.numberNode((Float) value);
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case BYTES ->
                    NODES.textNode(Base64.getEncoder().encodeToString(bytes((ByteBuffer) value)));
            case STRING, ENUM -> NODES.textNode(value.toString());
            default ->
                    throw new IllegalArgumentException(
                            "no plain JSON for Avro type " + schema.getType());
        };
    }

    /**
     * The record of {@code schema} (a generated class's schema) in {@code json}.
     *
     * @throws IllegalArgumentException if the JSON is not such a record; the message says where
     */
    static Object read(JsonNode json, Schema schema, String path) {
        if (json == null || json.isNull()) {
            if (schema.getType() == Schema.Type.NULL || nullable(schema)) {
                return null;
            }
            throw new IllegalArgumentException(
                    path + ": null where a " + schema.getType() + " is required");
        }
        return switch (schema.getType()) {
            case UNION -> read(unwrap(json, schema), nonNull(schema, path), path);
            case RECORD -> record(json, schema, path);
            case ARRAY -> {
                require(json.isArray(), path, "an array");
                List<Object> items = new ArrayList<>(json.size());
                for (JsonNode item : json) {
                    items.add(read(item, schema.getElementType(), path + "[]"));
                }
                yield items;
            }
            case MAP -> {
                require(json.isObject(), path, "an object");
                Map<String, Object> map = new LinkedHashMap<>();
                json.fields()
                        .forEachRemaining(
                                e ->
                                        map.put(
                                                e.getKey(),
                                                read(
                                                        e.getValue(),
                                                        schema.getValueType(),
                                                        path + "{}")));
                yield map;
            }
            case LONG ->
                    schema.getLogicalType() instanceof LogicalTypes.TimestampMillis
                            ? instant(json, path)
                            : longValue(json, path);
            case INT -> {
                require(json.canConvertToInt() && json.isIntegralNumber(), path, "an int");
                yield json.intValue();
            }
            case DOUBLE -> number(json, path);
            case FLOAT -> (float) number(json, path);
            case BOOLEAN -> {
                require(json.isBoolean(), path, "true or false");
                yield json.booleanValue();
            }
            case BYTES -> {
                require(json.isTextual(), path, "base64 text");
                yield ByteBuffer.wrap(Base64.getDecoder().decode(json.textValue()));
            }
            case STRING -> {
                require(json.isTextual(), path, "text");
                yield json.textValue();
            }
            case ENUM -> {
                require(
                        json.isTextual() && schema.hasEnumSymbol(json.textValue()),
                        path,
                        "one of " + schema.getEnumSymbols());
                yield SpecificData.get().createEnum(json.textValue(), schema);
            }
            default ->
                    throw new IllegalArgumentException(
                            path + ": no plain JSON for Avro type " + schema.getType());
        };
    }

    private static IndexedRecord record(JsonNode json, Schema schema, String path) {
        require(json.isObject(), path, "an object");
        IndexedRecord record = (IndexedRecord) SpecificData.get().newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            String at = path.isEmpty() ? field.name() : path + "." + field.name();
            JsonNode value = json.get(field.name());
            if (value == null && field.hasDefaultValue()) {
                record.put(field.pos(), SpecificData.get().getDefaultValue(field));
            } else if (value == null && !nullable(field.schema())) {
                throw new IllegalArgumentException(at + ": missing");
            } else {
                record.put(field.pos(), read(value, field.schema(), at));
            }
        }
        return record;
    }

    /** A union value in Avro's wrapped form, {@code {"<branch>": value}}, unwrapped. */
    private static JsonNode unwrap(JsonNode json, Schema union) {
        if (json.isObject() && json.size() == 1) {
            Map.Entry<String, JsonNode> only = json.fields().next();
            Schema branch = nonNull(union, "");
            boolean named =
                    only.getKey().equals(branch.getType().getName())
                            || only.getKey().equals(branch.getFullName());
            boolean plainValueWouldBeObject =
                    branch.getType() == Schema.Type.RECORD || branch.getType() == Schema.Type.MAP;
            if (named && (!plainValueWouldBeObject || only.getValue().isObject())) {
                return only.getValue();
            }
        }
        return json;
    }

    private static Instant instant(JsonNode json, String path) {
        if (json.isIntegralNumber()) {
            return Instant.ofEpochMilli(json.longValue());
        }
        require(json.isTextual(), path, "an ISO-8601 time or epoch milliseconds");
        try {
            return Instant.parse(json.textValue());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    path + ": not an ISO-8601 time (e.g. 2026-11-29T10:15:30Z)");
        }
    }

    /** A number, or NaN and the infinities as JSON has no numbers for them: as text. */
    private static double number(JsonNode json, String path) {
        if (json.isTextual()) {
            switch (json.textValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        require(json.isNumber(), path, "a number");
        return json.doubleValue();
    }

    private static long longValue(JsonNode json, String path) {
        require(json.isIntegralNumber() && json.canConvertToLong(), path, "an integer");
        return json.longValue();
    }

    private static boolean nullable(Schema schema) {
        return schema.getType() == Schema.Type.UNION
                && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
    }

    private static Schema nonNull(Schema union, String path) {
        return union.getTypes().stream()
                .filter(s -> s.getType() != Schema.Type.NULL)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(path + ": a union of null only"));
    }

    private static void require(boolean condition, String path, String expected) {
        if (!condition) {
            throw new IllegalArgumentException(path + ": not " + expected);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
