package io.vigil.modelops.registry;

import io.vigil.modelops.manifest.ModelManifest;

/**
 * A trained model ready to register or serve.
 *
 * @param onnx the ONNX model bytes
 * @param manifest how to serve it (feature order, transforms, output, threshold, metrics)
 * @param holdoutAuc area under the ROC curve on data the model never saw
 */
public record TrainedModel(byte[] onnx, ModelManifest manifest, double holdoutAuc) {}
