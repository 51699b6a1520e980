package io.vigil.features.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * Checks every field the spec reads against the user's schema (it exists, is a single value, has
 * the type its use needs) and lays out the used fields in a decoded event.
 */
final class EventLayoutBuilder {

    private EventLayoutBuilder() {}

    /** The layout, with each mistake reported to {@code yaml}. */
    static EventLayout build(
            SpecYaml yaml, Schema schema, List<FieldUse> uses, Set<String> sensitive) {
        Map<String, FieldType> types = new LinkedHashMap<>();
        for (FieldUse use : uses) {
            SchemaFields.Leaf leaf;
            try {
                leaf = SchemaFields.resolve(schema, use.path());
            } catch (IllegalArgumentException e) {
                yaml.problem(use.line(), use.where() + ": " + e.getMessage());
                continue;
            }
            String wrong = mismatch(use, leaf.type(), sensitive.contains(use.path()));
            if (wrong != null) {
                yaml.problem(use.line(), use.where() + ": " + wrong);
                continue;
            }
            types.putIfAbsent(use.path(), leaf.type());
        }
        List<EventLayout.Slot> slots = new ArrayList<>();
        int numbers = 0;
        int texts = 0;
        for (Map.Entry<String, FieldType> field : types.entrySet()) {
            boolean hashed = sensitive.contains(field.getKey());
            boolean number = field.getValue().numeric() && !hashed;
            slots.add(
                    new EventLayout.Slot(
                            field.getKey(),
                            field.getValue(),
                            number,
                            number ? numbers++ : texts++,
                            hashed));
        }
        return new EventLayout(schema.toString(), List.copyOf(slots));
    }

    private static String mismatch(FieldUse use, FieldType type, boolean sensitive) {
        String named = "'" + use.path() + "' is " + type.name().toLowerCase().replace('_', ' ');
        return switch (use.need()) {
            case ANY -> null;
            case NUMBER ->
                    sensitive
                            ? "'"
                                    + use.path()
                                    + "' is sensitive (only its hash is kept), not a number"
                            : type.numeric() ? null : named + ", not a number";
            case TEXT -> type.numeric() && !sensitive ? named + ", not text" : null;
            case TIME ->
                    type == FieldType.INTEGER
                                    || type == FieldType.TIMESTAMP_MILLIS
                                    || type == FieldType.TIMESTAMP_MICROS
                                    || type == FieldType.STRING
                            ? null
                            : named
                                    + "; an event time is a timestamp (long), epoch milliseconds"
                                    + " or ISO-8601 text";
        };
    }
}
