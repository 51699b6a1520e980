package io.vigil.features.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.fs.Path;

/**
 * Where feature specs come from: any Flink FileSystem URI ({@code file:///...}, {@code s3://...}),
 * or the card-fraud spec bundled with Vigil ({@value #BUNDLED}, the default).
 */
public final class FeatureSpecs {

    /** Name of the bundled example spec (18 features over card, merchant and device). */
    public static final String BUNDLED = "bundled:card-fraud";

    private static final String BUNDLED_RESOURCE = "/specs/card-fraud.yaml";

    private FeatureSpecs() {}

    /** The bundled card-fraud spec. */
    public static FeatureSpec bundled() {
        try {
            return FeatureSpecParser.parse(bundledText(), "card-fraud.yaml");
        } catch (FeatureSpecException e) {
            throw new IllegalStateException("the bundled spec is invalid: " + e.getMessage(), e);
        }
    }

    /** The YAML of the bundled spec. */
    public static String bundledText() {
        try (InputStream in = FeatureSpecs.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled spec " + BUNDLED_RESOURCE, e);
        }
    }

    /**
     * Loads and validates the spec at {@code uri} ({@value #BUNDLED} or null for the bundled one).
     *
     * @throws IllegalArgumentException naming the file and every mistake in it, or why it cannot be
     *     read
     */
    public static FeatureSpec load(String uri) {
        if (uri == null || BUNDLED.equals(uri)) {
            return bundled();
        }
        Path path = new Path(uri);
        try (InputStream in = path.getFileSystem().open(path)) {
            return FeatureSpecParser.parse(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), uri);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read the feature spec " + uri + ": " + e.getMessage(), e);
        } catch (FeatureSpecException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
