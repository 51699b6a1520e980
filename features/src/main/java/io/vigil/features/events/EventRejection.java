package io.vigil.features.events;

/**
 * Why a record is not a valid event: its dead letter's reason code and reason. The reason names the
 * field and never quotes text from the record (only numbers of non-sensitive fields).
 */
public final class EventRejection extends Exception {

    private static final long serialVersionUID = 1L;

    private final RejectionReason code;

    public EventRejection(RejectionReason code, String reason) {
        // No stack trace: rejections are expected outcomes, and hostile traffic can make many.
        super(reason, null, false, false);
        this.code = code;
    }

    public RejectionReason code() {
        return code;
    }
}
