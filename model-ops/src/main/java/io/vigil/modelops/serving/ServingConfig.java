package io.vigil.modelops.serving;

import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.modelops.registry.ModelLocation;
import java.io.Serializable;
import java.time.Duration;

/**
 * What a {@link ModelServingOperator} serves and how.
 *
 * @param modelName the registry model whose champion, shadow and canary are served; null for the
 *     name in {@code configuredModel}'s manifest
 * @param configuredModel a model serving as champion until the registry's champion activates; may
 *     be null
 * @param store the artifact store registry versions are read from (by digest, never by a URI in an
 *     event); null serves the configured model only
 * @param columns what the incoming events carry (features, text features, carried fields)
 * @param batchSize most events per scoring run
 * @param batchTimeout longest an event waits for its batch to fill
 * @param maxWait longest an event waits for a version to score it before it is dead-lettered {@code
 *     NO_MODEL}
 * @param sourceTopic the events' topic, named in dead letters
 */
public record ServingConfig(
        String modelName,
        ModelLocation configuredModel,
        ArtifactStore store,
        EventColumns columns,
        int batchSize,
        Duration batchTimeout,
        Duration maxWait,
        String sourceTopic)
        implements Serializable {

    /** Default of {@code maxWait}: long enough for a registry to be read after a restart. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(10);

    public ServingConfig {
        if (modelName == null && configuredModel == null) {
            throw new IllegalArgumentException("a model name or a configured model is required");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
    }
}
