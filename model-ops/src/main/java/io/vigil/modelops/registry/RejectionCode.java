package io.vigil.modelops.registry;

/**
 * Why a job refused or stopped serving a model version: the {@code reasonCode} of a {@code
 * REJECTED} registry event. The event's {@code reason} is this code's description plus text Vigil
 * wrote; it never quotes a file, a model or an input, whoever wrote them.
 */
public enum RejectionCode {
    INVALID_EVENT("the registry event is malformed"),
    UNREADABLE_ARTIFACT("the model or manifest is missing from the artifact store or unreadable"),
    DIGEST_MISMATCH("the stored bytes do not match the registered digest (corrupted or replaced)"),
    INVALID_MANIFEST("the manifest is not a valid manifest"),
    MANIFEST_MISMATCH("the manifest describes another model or version"),
    INCOMPATIBLE_MODEL(
            "the model does not load, or its inputs and outputs do not match its manifest and the"
                    + " job's features"),
    WARM_UP_FAILED("the model failed its warm-up runs or gave scores outside its output's range"),
    EXPLAINER_FAILED(
            "the model's declared explainer cannot explain it (a linear explainer on a model whose"
                    + " contributions do not add up, or a baseline feature the job lacks)"),
    MODEL_ERROR(
            "the model failed while scoring live events (a runtime error or a non-finite score):"
                    + " quarantined, earlier versions serve");

    private final String description;

    RejectionCode(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
