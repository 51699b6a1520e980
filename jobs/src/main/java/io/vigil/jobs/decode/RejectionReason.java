package io.vigil.jobs.decode;

/** Why an input record was dead-lettered; the {@code reasonCode} of a {@code DeadLetter}. */
public enum RejectionReason {
    /** The bytes are not a record of the topic's schema and wire format. */
    UNDECODABLE,
    /** A required field is empty. */
    MISSING_FIELD,
    /** The amount is negative, NaN or infinite. */
    INVALID_AMOUNT,
    /** The event time is further in the future than the allowed clock skew. */
    FUTURE_TIMESTAMP,
    /** Another field is out of its valid range (coordinates, event time before 2000). */
    INVALID_FIELD
}
