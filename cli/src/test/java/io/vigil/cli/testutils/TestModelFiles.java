package io.vigil.cli.testutils;

import io.vigil.jobs.testutils.CardModelFixture;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.registry.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A model over the bundled spec's features (the jobs' fixture), written as files to register. */
public final class TestModelFiles {

    private TestModelFiles() {}

    /**
     * Writes {@code fraud-lr-<version>.onnx} and {@code .yaml} into {@code dir}; returns {model,
     * manifest}. An odd seed gives one model, an even seed another (different bytes and digest).
     */
    public static Path[] write(Path dir, String version, long seed) throws IOException {
        TrainedModel fixture = CardModelFixture.model(seed % 2 == 1 ? 7 : 11);
        ModelManifest m = fixture.manifest();
        ModelManifest manifest =
                new ModelManifest(
                        "fraud-lr",
                        version,
                        m.threshold(),
                        m.inputs(),
                        m.output(),
                        m.metrics(),
                        m.tags(),
                        m.profile());
        Files.createDirectories(dir);
        Path onnx = Files.write(dir.resolve("fraud-lr-" + version + ".onnx"), fixture.onnx());
        Path yaml = Files.write(dir.resolve("fraud-lr-" + version + ".yaml"), manifest.toYaml());
        return new Path[] {onnx, yaml};
    }
}
