package io.vigil.retrainer.training;

/**
 * A computed feature vector with its ground truth.
 *
 * @param features feature values in the order of the trainer's feature names
 * @param fraud whether the transaction was fraudulent
 */
public record LabelledVector(double[] features, boolean fraud) {}
