package io.vigil.features.spec;

import java.io.Serializable;
import java.util.List;

/**
 * An entity features are computed per (card, merchant, device, user, item: any field of the event,
 * or several together).
 *
 * @param name e.g. card
 * @param keys the fields identifying it, e.g. [cardNumber], or [cardNumber, merchantId] for a card
 *     at a merchant
 * @param features its features, in declaration order
 * @param latitude the latitude field its geo_velocity features read, or null without any
 * @param longitude the longitude field its geo_velocity features read, or null without any
 */
public record EntitySpec(
        String name,
        List<String> keys,
        List<FeatureDefinition> features,
        String latitude,
        String longitude)
        implements Serializable {}
