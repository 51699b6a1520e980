package io.vigil.features.events;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the HMAC secret of entity keys comes from. With a file (a mounted Kubernetes Secret) only
 * the path travels with the job: each TaskManager reads the secret at {@code open()}, so it is in
 * no job graph, checkpoint or HA store. An inline secret is part of the job's configuration anyway
 * and is meant for local runs.
 */
public final class EntityKeySecret implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final String inline;

    private EntityKeySecret(String file, String inline) {
        this.file = file;
        this.inline = inline;
    }

    /** The secret in {@code path} (trailing whitespace dropped), read where it is used. */
    public static EntityKeySecret fromFile(String path) {
        return new EntityKeySecret(path, null);
    }

    /** A secret given in the configuration itself. */
    public static EntityKeySecret inline(String secret) {
        return new EntityKeySecret(null, secret);
    }

    /**
     * The secret.
     *
     * @throws IOException if the file cannot be read
     */
    public String read() throws IOException {
        return file == null ? inline : Files.readString(Path.of(file)).strip();
    }

    /**
     * A hasher keyed with the secret.
     *
     * @throws IllegalStateException if the file cannot be read or the secret is too short
     */
    public EntityKeyHasher hasher() {
        try {
            return new EntityKeyHasher(read());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot read the entity key secret file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        // Never the secret itself.
        return file == null ? "inline secret" : "secret file " + file;
    }
}
