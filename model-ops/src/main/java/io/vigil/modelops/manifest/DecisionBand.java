package io.vigil.modelops.manifest;

/**
 * One decision band of a model version: scores below {@code below} (and at or above the previous
 * band's bound) are decided {@code decision}.
 *
 * @param decision what the band is called in predictions, e.g. {@code ALLOW}, {@code REVIEW},
 *     {@code DECLINE}
 * @param below the band's upper bound (exclusive); null for the last band, which has none
 */
public record DecisionBand(String decision, Double below) {}
