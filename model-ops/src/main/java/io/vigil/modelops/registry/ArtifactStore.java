package io.vigil.modelops.registry;

import io.vigil.modelops.manifest.ModelManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Model artifacts under a Flink FileSystem root ({@code file:///...} locally, {@code s3://...} with
 * Flink's S3 plugin): ONNX bytes content-addressed by SHA-256 at {@code
 * <root>/sha256/<digest>.onnx}, manifests at {@code <root>/manifests/<name>/<version>.yaml}. Bytes
 * are verified against their digest on every read, so a corrupted or swapped file is never served.
 */
public final class ArtifactStore {

    private final String root;

    public ArtifactStore(String root) {
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    /** Stores a version (the ONNX bytes once per digest); returns where it lives. */
    public StoredArtifact put(byte[] onnx, ModelManifest manifest) throws IOException {
        String digest = sha256(onnx);
        Path model = new Path(root + "/sha256/" + digest + ".onnx");
        if (!model.getFileSystem().exists(model)) {
            write(model, onnx);
        }
        Path manifestPath =
                new Path(
                        root
                                + "/manifests/"
                                + manifest.name()
                                + "/"
                                + manifest.version()
                                + ".yaml");
        write(manifestPath, manifest.toYaml());
        return new StoredArtifact(
                digest, model.toUri().toString(), manifestPath.toUri().toString());
    }

    /**
     * Reads ONNX bytes and checks them against {@code expectedDigest}.
     *
     * @throws IOException if unreadable, or the bytes' digest differs (the message gives both)
     */
    public static byte[] readVerified(String modelUri, String expectedDigest) throws IOException {
        byte[] bytes = read(modelUri);
        String actual = sha256(bytes);
        if (!actual.equals(expectedDigest)) {
            throw new IOException(
                    "digest mismatch for "
                            + modelUri
                            + ": expected sha256 "
                            + expectedDigest
                            + " but the file's is "
                            + actual
                            + " ("
                            + bytes.length
                            + " bytes): corrupted or replaced");
        }
        return bytes;
    }

    public static ModelManifest readManifest(String manifestUri) throws IOException {
        return ModelManifest.fromYaml(read(manifestUri));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    static byte[] read(String uri) throws IOException {
        Path path = new Path(uri);
        try (InputStream in = path.getFileSystem().open(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IOException("cannot read " + uri + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path path, byte[] bytes) throws IOException {
        try (OutputStream out = path.getFileSystem().create(path, FileSystem.WriteMode.OVERWRITE)) {
            out.write(bytes);
        }
    }

    /** Where a stored version lives. */
    public record StoredArtifact(String digest, String modelUri, String manifestUri) {}

    @Override
    public String toString() {
        return "ArtifactStore{" + root + "}";
    }
}
