package io.vigil.modelops.serving;

import io.vigil.modelops.registry.ModelEvents;
import io.vigil.modelops.registry.RejectionCode;
import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.ModelEventType;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code REJECTED} registry events a scoring job announces: a fixed code and its description, never
 * the text of a file, a model or an input.
 */
final class Rejections {

    static final String ACTOR = "scoring job";

    private Rejections() {}

    /** A version the job refused to serve, per the registry event that asked for it. */
    static ModelEvent of(ModelEvent event, RejectionCode code) {
        return ModelEvent.newBuilder(event)
                .setEventId(UUID.randomUUID().toString())
                .setType(ModelEventType.REJECTED)
                .setAlias(null)
                .setCanaryPercent(null)
                .setReasonCode(code.name())
                .setReason(code.description())
                .setActor(ACTOR)
                .setCreatedAt(Instant.now())
                .build();
    }

    /** A version the job stopped serving. */
    static ModelEvent of(String model, String version, RejectionCode code) {
        return ModelEvents.base(ModelEventType.REJECTED, model, ACTOR, null)
                .setVersion(version)
                .setReasonCode(code.name())
                .setReason(code.description())
                .build();
    }
}
