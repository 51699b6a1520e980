package io.vigil.features.spec;

import java.io.Serializable;
import java.time.Duration;

/**
 * One declared feature.
 *
 * @param name unique name in the spec; what models and predictions call it
 * @param aggregation what it computes
 * @param field the transaction field it reads, or null for aggregations that read none
 * @param window how far back it looks, or null for aggregations without a window
 * @param filter which events count, or null for all
 * @param line line of its declaration in the spec file, for messages
 */
public record FeatureDefinition(
        String name,
        Aggregation aggregation,
        String field,
        Duration window,
        FeatureFilter filter,
        int line)
        implements Serializable {}
