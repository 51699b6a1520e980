package io.vigil.cli;

import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecException;
import io.vigil.features.spec.FeatureSpecParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A feature spec for the command line: a file, or the bundled card-fraud example
 * ({@code features/src/main/resources/specs/card-fraud.yaml}).
 *
 * @param text the YAML, to hand to the job as a file
 */
record SpecFiles(FeatureSpec spec, String text) {

    static final String EXAMPLE = "/specs/card-fraud.yaml";

    /** @param file a spec file, or null for the bundled example */
    static SpecFiles load(String file) throws IOException {
        String text;
        if (file == null) {
            try (InputStream in = SpecFiles.class.getResourceAsStream(EXAMPLE)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } else {
            text = Files.readString(Path.of(file));
        }
        try {
            return new SpecFiles(FeatureSpecParser.parse(text, file == null ? "card-fraud.yaml" : file), text);
        } catch (FeatureSpecException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Writes the YAML to {@code path} and returns its URI, for {@code vigil.features.spec}. */
    String writeTo(Path path) throws IOException {
        Files.writeString(path, text);
        return path.toAbsolutePath().toUri().toString();
    }
}
