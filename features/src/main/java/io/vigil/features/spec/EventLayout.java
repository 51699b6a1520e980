package io.vigil.features.spec;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * Where each field a spec uses sits in a decoded event: only those fields are extracted, numbers in
 * one array and text in another, so an event's cost follows the spec, not the schema's width.
 *
 * @param schemaJson the user's Avro schema, as JSON (the writer schema of encoded events)
 * @param slots every used field, each with its array and index
 */
public record EventLayout(String schemaJson, List<Slot> slots) implements Serializable {

    /**
     * One used field.
     *
     * @param path e.g. {@code payer.card.number}
     * @param type its type in the schema
     * @param number whether it is held in {@code numbers} (else in {@code texts})
     * @param index its index in that array
     * @param sensitive whether it is replaced by its keyed hash at decode (always a text slot)
     */
    public record Slot(String path, FieldType type, boolean number, int index, boolean sensitive)
            implements Serializable {}

    /** The user's schema, parsed. */
    public Schema schema() {
        return new Schema.Parser().parse(schemaJson);
    }

    /**
     * The slot of {@code path}.
     *
     * @throws IllegalArgumentException when the spec does not use the field
     */
    public Slot slot(String path) {
        for (Slot slot : slots) {
            if (slot.path().equals(path)) {
                return slot;
            }
        }
        throw new IllegalArgumentException(
                "'" + path + "' is not a field the spec uses: " + byPath().keySet());
    }

    public int numberCount() {
        return (int) slots.stream().filter(Slot::number).count();
    }

    public int textCount() {
        return slots.size() - numberCount();
    }

    private Map<String, Slot> byPath() {
        return slots.stream().collect(Collectors.toMap(Slot::path, Function.identity()));
    }
}
