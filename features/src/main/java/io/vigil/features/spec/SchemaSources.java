package io.vigil.features.spec;

import io.vigil.schemas.Transaction;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.flink.core.fs.Path;

/**
 * Where the user's event schema comes from: an {@code .avsc} file next to the spec (a path relative
 * to the spec's directory), any Flink FileSystem URI, or {@value #CARD_TRANSACTION}, the schema of
 * the bundled card-fraud example.
 */
public final class SchemaSources {

    /** The bundled card-transaction schema ({@code Transaction.avsc}). */
    public static final String CARD_TRANSACTION = "bundled:card-transaction";

    private SchemaSources() {}

    /**
     * Reads and parses the schema at {@code location}.
     *
     * @param specSource the spec's file name or URI, against which a relative location resolves
     * @throws IllegalArgumentException saying why the schema cannot be read or is not valid
     */
    public static Schema load(String location, String specSource) {
        if (CARD_TRANSACTION.equals(location)) {
            return Transaction.getClassSchema();
        }
        Path path = resolve(location, specSource);
        String text;
        try (InputStream in = path.getFileSystem().open(path)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the event schema " + path, e);
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new IllegalArgumentException(
                    path + " is not a valid Avro schema: " + e.getMessage(), e);
        }
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException(
                    path + " is a " + schema.getType().getName() + "; events are Avro records");
        }
        return schema;
    }

    /** {@code location} resolved against the directory of the spec at {@code specSource}. */
    static Path resolve(String location, String specSource) {
        URI uri = URI.create(location.replace(" ", "%20"));
        if (uri.isAbsolute() || location.startsWith("/") || specSource == null) {
            return new Path(location);
        }
        Path spec = new Path(specSource);
        Path parent = spec.getParent();
        return parent == null ? new Path(location) : new Path(parent, location);
    }
}
