package io.vigil.loadtest.harness;

import java.nio.file.Path;

/**
 * A model the bench runs ScoringJob with, as job {@code scoring-<name>}.
 *
 * @param name short name in the table (e.g. {@code lr}, {@code gbdt})
 */
public record BenchModel(String name, Path model, Path manifest) {

    public String job() {
        return "scoring-" + name;
    }
}
