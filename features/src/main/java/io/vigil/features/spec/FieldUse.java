package io.vigil.features.spec;

/**
 * A field the spec reads, where it reads it, and what it needs of the field: checked against the
 * schema once the whole spec is read.
 */
record FieldUse(String path, Need need, int line, String where) {

    enum Need {
        /** Any single value. */
        ANY,
        /** Any single value, or a list (equality filters match any item; carried as text). */
        VALUE_OR_LIST,
        /** A number (aggregations, numeric rules). */
        NUMBER,
        /** Text (length rules). */
        TEXT,
        /** An event time: a timestamp, an integer of epoch milliseconds, or ISO-8601 text. */
        TIME
    }
}
