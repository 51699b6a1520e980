package io.vigil.features.spec;

import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A reference table that enriches every event (e.g. merchant category code to risk group, BIN to
 * issuing country): the row whose key equals an event field gives that event the fields {@code
 * <name>.<column>}, which features, filters, keys and carried fields read like the event's own.
 *
 * @param name what the spec calls the table; the prefix of its fields
 * @param location the file, resolved against the spec's directory: CSV with a header line, or an
 *     Avro container file
 * @param key the table's column holding the key
 * @param on the event field matched against the key (numbers as text, {@code 5411})
 * @param columns the columns the events get, each read as a number or as text
 * @param reload how often the file is checked for a new version (its modification time)
 * @param line the declaration's line in the spec, for messages
 */
public record LookupDeclaration(
        String name,
        String location,
        String key,
        String on,
        LinkedHashMap<String, FieldType> columns,
        Duration reload,
        int line)
        implements Serializable {

    /** The event field path of {@code column}: {@code <name>.<column>}. */
    public String fieldOf(String column) {
        return name + "." + column;
    }

    /** The columns by the event field each fills. */
    public Map<String, FieldType> fields() {
        Map<String, FieldType> fields = new LinkedHashMap<>();
        columns.forEach((column, type) -> fields.put(fieldOf(column), type));
        return fields;
    }
}
