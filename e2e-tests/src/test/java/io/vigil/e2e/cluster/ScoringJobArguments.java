package io.vigil.e2e.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ScoringJob's program arguments as the cluster tests submit it: exactly-once, the fixture's model
 * ({@code card-test}) from the registry's artifact store under the test's directory, and
 * checkpoints in a directory of its own there.
 */
final class ScoringJobArguments {

    /** The model the cluster tests register ({@code CardModelFixture}). */
    static final String MODEL = "card-test";

    private ScoringJobArguments() {}

    /**
     * @param dir the test's directory: the artifact store is {@code dir/store}
     * @param checkpointInterval e.g. {@code 1s}
     * @param checkpoints the checkpoint directory's name under {@code dir}
     * @param more further arguments, as pairs of option and value
     */
    static List<String> exactlyOnce(
            String bootstrap,
            Path dir,
            String secret,
            String checkpointInterval,
            String checkpoints,
            String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--vigil.kafka.bootstrap-servers",
                                bootstrap,
                                "--vigil.model.name",
                                MODEL,
                                "--vigil.registry.store",
                                dir.resolve("store").toUri().toString(),
                                "--vigil.entity-key.secret",
                                secret,
                                "--vigil.delivery",
                                "EXACTLY_ONCE",
                                "--vigil.checkpoint.interval",
                                checkpointInterval,
                                "--vigil.checkpoint.directory",
                                dir.resolve(checkpoints).toUri().toString()));
        args.addAll(Arrays.asList(more));
        return args;
    }
}
