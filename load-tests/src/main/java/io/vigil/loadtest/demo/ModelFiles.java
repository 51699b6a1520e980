package io.vigil.loadtest.demo;

import io.vigil.modelops.registry.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a trained model is written: {@code <dir>/<name>-<version>.onnx} and its manifest {@code
 * <dir>/<name>-<version>.yaml}.
 */
public record ModelFiles(Path model, Path manifest) {

    public static ModelFiles write(TrainedModel trained, Path dir) throws IOException {
        Files.createDirectories(dir);
        String base = trained.manifest().name() + "-" + trained.manifest().version();
        Path model = Files.write(dir.resolve(base + ".onnx"), trained.onnx());
        Path manifest = Files.write(dir.resolve(base + ".yaml"), trained.manifest().toYaml());
        return new ModelFiles(model.toAbsolutePath(), manifest.toAbsolutePath());
    }
}
