package io.vigil.features.events;

/** Why an input record was dead-lettered; the {@code reasonCode} of a {@code DeadLetter}. */
public enum RejectionReason {
    /** The bytes are not a record of the events' schema and wire format. */
    UNDECODABLE,
    /**
     * The record starts with a single-object header naming a schema other than the declared one (a
     * producer on another version of the events' schema); the datum is not read.
     */
    UNKNOWN_SCHEMA,
    /** The record is larger than the job reads ({@code vigil.input.max-record-bytes}). */
    OVERSIZED,
    /** A required field (the id, the time, or one a rule requires) is absent or blank. */
    MISSING_FIELD,
    /** The declared amount field breaks its rules or is not a finite number. */
    INVALID_AMOUNT,
    /** The event time is further in the future than the allowed clock skew. */
    FUTURE_TIMESTAMP,
    /**
     * Another field breaks a rule (range, length, allowed values), is not a finite number, or the
     * event time is before 2000.
     */
    INVALID_FIELD
}
