package io.vigil.cli.support;

import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecException;
import io.vigil.features.spec.FeatureSpecParser;
import io.vigil.features.spec.FeatureSpecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A feature spec for the command line: a file, or the bundled card-fraud example ({@code
 * features/src/main/resources/specs/card-fraud.yaml}).
 *
 * @param text the YAML, to hand to the job as a file
 */
public record SpecFiles(FeatureSpec spec, String text) {

    /**
     * @param file a spec file, or null for the bundled example
     */
    public static SpecFiles load(String file) throws IOException {
        String text = file == null ? FeatureSpecs.bundledText() : Files.readString(Path.of(file));
        try {
            return new SpecFiles(
                    FeatureSpecParser.parse(text, file == null ? "card-fraud.yaml" : file), text);
        } catch (FeatureSpecException e) {
            throw new CommandFailure(e.getMessage());
        }
    }

    /** Writes the YAML to {@code path} and returns its URI, for {@code vigil.features.spec}. */
    public String writeTo(Path path) throws IOException {
        Files.writeString(path, text);
        return path.toAbsolutePath().toUri().toString();
    }
}
