package io.vigil.modelops.serving;

import io.vigil.modelops.registry.RejectionCode;

/**
 * A model version that may not serve: its {@link RejectionCode} and a message for the logs (which
 * may quote the cause); only the code's description is published.
 */
public final class VersionRejection extends Exception {

    private static final long serialVersionUID = 1L;

    private final RejectionCode code;

    public VersionRejection(RejectionCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public RejectionCode code() {
        return code;
    }
}
