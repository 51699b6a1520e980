package io.vigil.features.spec;

import java.io.Serializable;
import java.util.List;

/**
 * An entity features are computed per (card, account, merchant, device, or any transaction field).
 *
 * @param name e.g. card
 * @param key the transaction field identifying it, e.g. cardNumber
 * @param hashed whether the key is replaced by its keyed hash before it reaches state (required for
 *     card numbers)
 * @param features its features, in declaration order
 */
public record EntitySpec(String name, String key, boolean hashed, List<FeatureDefinition> features)
        implements Serializable {}
