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

    /**
     * The layout, with each mistake reported to {@code yaml}.
     *
     * @param lookups reference tables whose fields ({@code <table>.<column>}) the spec may read
     *     beside the schema's
     */
    static EventLayout build(
            SpecYaml yaml,
            Schema schema,
            List<FieldUse> uses,
            Set<String> sensitive,
            List<LookupDeclaration> lookups) {
        Map<String, LookupDeclaration> tables = new LinkedHashMap<>();
        for (LookupDeclaration lookup : lookups) {
            tables.put(lookup.name(), lookup);
            if (schema.getField(lookup.name()) != null) {
                yaml.problem(
                        lookup.line(),
                        "lookup '"
                                + lookup.name()
                                + "': the events have a field of that name; name the table"
                                + " otherwise");
            }
        }
        Map<String, FieldType> types = new LinkedHashMap<>();
        for (FieldUse use : uses) {
            FieldType type;
            try {
                type = typeOf(schema, tables, use.path());
            } catch (IllegalArgumentException e) {
                yaml.problem(use.line(), use.where() + ": " + e.getMessage());
                continue;
            }
            String wrong = mismatch(use, type, sensitive.contains(use.path()));
            if (wrong != null) {
                yaml.problem(use.line(), use.where() + ": " + wrong);
                continue;
            }
            types.putIfAbsent(use.path(), type);
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

    /** The type of a field of the events' schema, or of a lookup table's column. */
    private static FieldType typeOf(
            Schema schema, Map<String, LookupDeclaration> tables, String path) {
        int dot = path.indexOf('.');
        LookupDeclaration table = dot < 0 ? null : tables.get(path.substring(0, dot));
        if (table == null) {
            return SchemaFields.resolve(schema, path).type();
        }
        FieldType type = table.columns().get(path.substring(dot + 1));
        if (type == null) {
            throw new IllegalArgumentException(
                    "lookup '"
                            + table.name()
                            + "' gives no column '"
                            + path.substring(dot + 1)
                            + "'; its columns: "
                            + table.columns().keySet());
        }
        return type;
    }

    private static String mismatch(FieldUse use, FieldType type, boolean sensitive) {
        String named = "'" + use.path() + "' is " + type.name().toLowerCase().replace('_', ' ');
        if (type == FieldType.TEXT_LIST && use.need() != FieldUse.Need.VALUE_OR_LIST) {
            return "'"
                    + use.path()
                    + "' is an array: filters read it ({field: "
                    + use.path()
                    + ", equals: X} passes when any item is X) and carry copies it, but keys,"
                    + " aggregations and rules read single values";
        }
        return switch (use.need()) {
            case ANY, VALUE_OR_LIST -> null;
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
