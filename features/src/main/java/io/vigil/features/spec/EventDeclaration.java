package io.vigil.features.spec;

import java.io.Serializable;
import java.util.List;

/**
 * What Vigil needs to know about the user's events beyond their Avro schema: the {@code events}
 * section of a feature spec (format in docs/events.md).
 *
 * @param schemaLocation where the schema was read from, for messages
 * @param idField the field identifying an event; predictions and labels refer to it
 * @param timeField the event time: a timestamp, epoch milliseconds, or ISO-8601 text
 * @param amountField what a decision puts at stake (copied into predictions), or null
 * @param sensitive fields replaced by their keyed hash at decode: never in clear downstream
 * @param carried fields copied into every prediction (sensitive ones as their hash)
 * @param rules validation rules, in declaration order
 * @param segments the groups monitoring judges on their own; their fields are among {@code carried}
 */
public record EventDeclaration(
        String schemaLocation,
        String idField,
        String timeField,
        String amountField,
        List<String> sensitive,
        List<String> carried,
        List<ValidationRule> rules,
        List<SegmentDeclaration> segments)
        implements Serializable {

    /** A declaration without segments. */
    public EventDeclaration(
            String schemaLocation,
            String idField,
            String timeField,
            String amountField,
            List<String> sensitive,
            List<String> carried,
            List<ValidationRule> rules) {
        this(schemaLocation, idField, timeField, amountField, sensitive, carried, rules, List.of());
    }
}
