package io.vigil.features.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.vigil.features.spec.EventLayout;
import io.vigil.features.spec.FieldType;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * Reads events encoded as JSON objects: plain JSON ({@code "amount": 12.5}, ISO-8601 or epoch
 * milliseconds for timestamps, {@code null} or a missing key for an absent value) and Avro's JSON
 * encoding (union values wrapped as {@code {"double": 12.5}}) alike. Fields the spec does not use
 * are skipped by the streaming parser without being built.
 */
final class JsonEventParser implements EventParser {

    private static final Set<String> NON_FINITE = Set.of("NaN", "Infinity", "-Infinity");

    /** Deepest nesting accepted. */
    private static final int MAX_DEPTH = 64;

    private final JsonFactory factory;
    private final Node root;
    private final SlotValues values;

    JsonEventParser(EventLayout layout, SlotValues values, int maxStringLength) {
        this.factory =
                JsonFactory.builder()
                        .streamReadConstraints(
                                StreamReadConstraints.builder()
                                        .maxNestingDepth(MAX_DEPTH)
                                        .maxStringLength(maxStringLength)
                                        .build())
                        .build();
        this.root = record(layout.schema(), "", layout.slots());
        this.values = values;
    }

    /** The used fields of one record of the schema, by name; a leaf has a slot. */
    private record Node(EventLayout.Slot slot, Map<String, Node> fields) {}

    private static Node record(Schema schema, String prefix, List<EventLayout.Slot> slots) {
        Map<String, Node> fields = new HashMap<>();
        for (Schema.Field field : schema.getFields()) {
            String path = prefix + field.name();
            for (EventLayout.Slot slot : slots) {
                if (slot.path().equals(path)) {
                    fields.put(field.name(), new Node(slot, null));
                }
            }
            if (slots.stream().anyMatch(s -> s.path().startsWith(path + "."))) {
                Schema nested = field.schema();
                if (nested.isUnion()) {
                    nested =
                            nested.getTypes().stream()
                                    .filter(t -> t.getType() == Schema.Type.RECORD)
                                    .findFirst()
                                    .orElseThrow();
                }
                fields.put(field.name(), record(nested, path + ".", slots));
            }
        }
        return new Node(null, fields);
    }

    @Override
    public void parse(byte[] bytes, Event into) throws EventRejection {
        try (JsonParser parser = factory.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("an event is a JSON object");
            }
            readObject(parser, root, into);
            if (parser.nextToken() != null) {
                throw malformed("text after the end of the object");
            }
        } catch (IOException e) {
            throw malformed("not valid JSON");
        }
    }

    /** Reads the fields of the object whose START_OBJECT was just read. */
    private void readObject(JsonParser parser, Node record, Event into)
            throws IOException, EventRejection {
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            Node field = record.fields().get(name);
            if (field == null) {
                if (value == JsonToken.START_OBJECT
                        && record.fields().size() > 0
                        && unionWrapper(name)) {
                    readObject(parser, record, into); // Avro JSON: {"com.example.Payer": {...}}
                } else {
                    parser.skipChildren();
                }
            } else if (field.slot() != null) {
                readValue(parser, value, field.slot(), into);
            } else if (value == JsonToken.START_OBJECT) {
                readObject(parser, field, into);
            } else if (value != JsonToken.VALUE_NULL) {
                throw malformed("'" + name + "' must be an object");
            }
        }
    }

    /** Whether {@code name} can only be an Avro JSON union branch: a namespaced record name. */
    private static boolean unionWrapper(String name) {
        return name.indexOf('.') > 0;
    }

    private void readValue(JsonParser parser, JsonToken token, EventLayout.Slot slot, Event into)
            throws IOException, EventRejection {
        switch (token) {
            case VALUE_NULL -> {}
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(parser, slot, into);
            case VALUE_STRING -> string(parser.getText(), slot, into);
            case VALUE_TRUE, VALUE_FALSE -> {
                if (slot.type() != FieldType.BOOLEAN) {
                    throw wrongType(slot);
                }
                values.text(into, slot, Boolean.toString(token == JsonToken.VALUE_TRUE));
            }
            case START_ARRAY -> {
                if (slot.type() != FieldType.TEXT_LIST) {
                    throw wrongType(slot);
                }
                values.text(into, slot, list(parser));
            }
            case START_OBJECT -> {
                // Avro JSON wraps a union's value: {"double": 12.5}
                if (parser.nextToken() != JsonToken.FIELD_NAME) {
                    throw wrongType(slot);
                }
                readValue(parser, parser.nextToken(), slot, into);
                if (parser.nextToken() != JsonToken.END_OBJECT) {
                    throw wrongType(slot);
                }
            }
            default -> throw wrongType(slot);
        }
    }

    /**
     * The array whose START_ARRAY was just read, as its items' text joined by {@link
     * EventFields#KEY_SEPARATOR}: strings, numbers and booleans, each possibly in Avro JSON's union
     * wrapper ({"string": "x"}); nulls are left out.
     */
    private static String list(JsonParser parser) throws IOException, EventRejection {
        StringBuilder items = new StringBuilder();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            boolean wrapped = t == JsonToken.START_OBJECT;
            if (wrapped) {
                if (parser.nextToken() != JsonToken.FIELD_NAME) {
                    throw malformed("an array item is a value or {\"type\": value}");
                }
                t = parser.nextToken();
            }
            if (t == null || t.isStructStart()) {
                throw malformed("an array item is a string, a number or a boolean");
            }
            if (t != JsonToken.VALUE_NULL) {
                items.append(items.isEmpty() ? "" : String.valueOf(EventFields.KEY_SEPARATOR))
                        .append(parser.getText());
            }
            if (wrapped && parser.nextToken() != JsonToken.END_OBJECT) {
                throw malformed("an array item is a value or {\"type\": value}");
            }
        }
        return items.toString();
    }

    private void number(JsonParser parser, EventLayout.Slot slot, Event into)
            throws IOException, EventRejection {
        if (!slot.type().numeric()) {
            throw wrongType(slot);
        }
        double value = parser.getDoubleValue();
        values.number(
                into,
                slot,
                slot.type() == FieldType.TIMESTAMP_MICROS ? Math.floor(value / 1000) : value);
    }

    private void string(String text, EventLayout.Slot slot, Event into) throws EventRejection {
        switch (slot.type()) {
            case STRING, ENUM -> values.text(into, slot, text);
            case TIMESTAMP_MILLIS, TIMESTAMP_MICROS -> {
                try {
                    values.number(into, slot, Instant.parse(text).toEpochMilli());
                } catch (DateTimeParseException | ArithmeticException e) {
                    throw new EventRejection(
                            RejectionReason.INVALID_FIELD,
                            "'" + slot.path() + "' is not an ISO-8601 instant");
                }
            }
            case DECIMAL_BYTES, DECIMAL_FIXED -> {
                try {
                    values.number(into, slot, new BigDecimal(text).doubleValue());
                } catch (NumberFormatException e) {
                    throw wrongType(slot);
                }
            }
            case DECIMAL_NUMBER -> {
                // Jackson (and so Avro's JSON encoder) writes non-finite doubles as strings.
                if (!NON_FINITE.contains(text)) {
                    throw wrongType(slot);
                }
                values.number(into, slot, Double.parseDouble(text));
            }
            default -> throw wrongType(slot);
        }
    }

    private static EventRejection wrongType(EventLayout.Slot slot) {
        return new EventRejection(
                RejectionReason.INVALID_FIELD,
                "'"
                        + slot.path()
                        + "' must be "
                        + (slot.type().numeric() ? "a number" : "text")
                        + " ("
                        + slot.type().name().toLowerCase()
                        + ")");
    }

    private static EventRejection malformed(String what) {
        return new EventRejection(RejectionReason.UNDECODABLE, "not a JSON event: " + what);
    }
}
