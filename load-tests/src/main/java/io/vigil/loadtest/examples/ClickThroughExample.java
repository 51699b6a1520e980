package io.vigil.loadtest.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The click-through example's files ({@code examples/click-through} in the repository: the
 * impressions' and clicks' schemas, the category table and the spec), as the demo and tests use
 * them: copied out of the classpath into a directory, where the spec finds its neighbours.
 */
public final class ClickThroughExample {

    public static final String NAME = "click-through";
    public static final String SPEC = "click-through.yaml";
    private static final List<String> FILES =
            List.of("impression.avsc", "click.avsc", "categories.csv", SPEC);

    private ClickThroughExample() {}

    /** Copies the example into {@code dir}; returns its spec. */
    public static Path copyTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String file : FILES) {
            try (InputStream in = open(file)) {
                Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir.resolve(SPEC);
    }

    /** A schema of the example, parsed. */
    static Schema schema(String file) {
        try (InputStream in = open(file)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String file) throws IOException {
        InputStream in =
                ClickThroughExample.class.getResourceAsStream("/examples/" + NAME + "/" + file);
        if (in == null) {
            throw new IOException("the " + NAME + " example has no " + file + " on the classpath");
        }
        return in;
    }
}
