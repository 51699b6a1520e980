package io.vigil.modelops.registry;

import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.schemas.ModelEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Model artifacts under a Flink FileSystem root ({@code file:///...} locally, {@code s3://...} with
 * Flink's S3 plugin): ONNX bytes content-addressed by SHA-256 at {@code
 * <root>/sha256/<digest>.onnx}, manifests content-addressed at {@code
 * <root>/manifests/sha256/<digest>.yaml} and, for people, at {@code
 * <root>/manifests/<name>/<version>.yaml}. Jobs read a version only through {@link
 * #readModel(String)} and {@link #readManifest(ModelEvent)}: paths derived from validated digests,
 * names and versions under this root, never a URI taken from an event; bytes are verified against
 * their digest on every read, so a corrupted or swapped file is never served.
 */
public final class ArtifactStore implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Largest artifact read: a bigger file is refused before any byte is read. */
    public static final long MAX_ARTIFACT_BYTES = 1L << 30;

    private final String root;

    public ArtifactStore(String root) {
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    /** The store's root URI, as configured ({@code vigil.registry.store}). */
    public String root() {
        return root;
    }

    /** Stores a version (the ONNX bytes once per digest); returns where it lives. */
    public StoredArtifact put(byte[] onnx, ModelManifest manifest) throws IOException {
        String digest = sha256(onnx);
        Path model = new Path(root + "/sha256/" + digest + ".onnx");
        if (!model.getFileSystem().exists(model)) {
            write(model, onnx);
        }
        byte[] manifestBytes = manifest.toYaml();
        String manifestDigest = sha256(manifestBytes);
        write(manifestPath(manifestDigest), manifestBytes);
        Path readable = legacyManifestPath(manifest.name(), manifest.version());
        write(readable, manifestBytes);
        return new StoredArtifact(
                digest, model.toUri().toString(), readable.toUri().toString(), manifestDigest);
    }

    /**
     * The ONNX bytes of {@code digest}, verified.
     *
     * @throws ArtifactException if the digest is not SHA-256 hex, the file is missing, too large or
     *     unreadable, or its bytes do not match
     */
    public byte[] readModel(String digest) throws ArtifactException {
        requireDigest(digest);
        return verified(new Path(root + "/sha256/" + digest + ".onnx"), digest);
    }

    /**
     * The manifest of the version a registry event refers to: by {@code manifestDigest}, verified;
     * for events written before manifests were content-addressed (no digest), by name and version,
     * unverified.
     *
     * @throws ArtifactException if the event's names or digest are malformed, or the manifest is
     *     missing, too large, unreadable, altered or invalid
     */
    public ModelManifest readManifest(ModelEvent ref) throws ArtifactException {
        byte[] bytes;
        if (ref.getManifestDigest() != null) {
            requireDigest(ref.getManifestDigest());
            bytes = verified(manifestPath(ref.getManifestDigest()), ref.getManifestDigest());
        } else {
            if (!ModelEventCheck.isName(ref.getModelName())
                    || !ModelEventCheck.isName(ref.getVersion())) {
                throw new ArtifactException(
                        ArtifactException.Kind.INVALID_REFERENCE,
                        "model name or version is not a plain identifier");
            }
            bytes = bounded(legacyManifestPath(ref.getModelName(), ref.getVersion()));
        }
        try {
            return ModelManifest.fromYaml(bytes);
        } catch (RuntimeException e) {
            throw new ArtifactException(
                    ArtifactException.Kind.INVALID_MANIFEST, "the manifest is not valid", e);
        }
    }

    private Path manifestPath(String manifestDigest) {
        return new Path(root + "/manifests/sha256/" + manifestDigest + ".yaml");
    }

    private Path legacyManifestPath(String name, String version) {
        return new Path(root + "/manifests/" + name + "/" + version + ".yaml");
    }

    private static void requireDigest(String digest) throws ArtifactException {
        if (!ModelEventCheck.isDigest(digest)) {
            throw new ArtifactException(
                    ArtifactException.Kind.INVALID_REFERENCE, "the digest is not SHA-256 hex");
        }
    }

    private static byte[] verified(Path path, String digest) throws ArtifactException {
        byte[] bytes = bounded(path);
        if (!sha256(bytes).equals(digest)) {
            throw new ArtifactException(
                    ArtifactException.Kind.DIGEST_MISMATCH,
                    "the stored bytes do not match their SHA-256 digest: corrupted or replaced");
        }
        return bytes;
    }

    private static byte[] bounded(Path path) throws ArtifactException {
        try {
            FileSystem fs = path.getFileSystem();
            long size = fs.getFileStatus(path).getLen();
            if (size > MAX_ARTIFACT_BYTES) {
                throw new ArtifactException(
                        ArtifactException.Kind.UNREADABLE,
                        "the artifact has " + size + " bytes, more than " + MAX_ARTIFACT_BYTES);
            }
            try (InputStream in = fs.open(path)) {
                byte[] bytes = in.readNBytes((int) size + 1);
                if (bytes.length != size) {
                    throw new ArtifactException(
                            ArtifactException.Kind.UNREADABLE, "the artifact changed while read");
                }
                return bytes;
            }
        } catch (IOException e) {
            throw new ArtifactException(
                    ArtifactException.Kind.UNREADABLE, "cannot read " + path.getName(), e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /**
     * Copies the files of a model report (a local directory, not its subdirectories) to {@code
     * reports/<name>-<version>/} in the store; returns the URI of {@code page} there. Names are the
     * manifest's validated identifiers, so they cannot leave the store.
     */
    public String putReport(String name, String version, java.nio.file.Path dir, String page)
            throws IOException {
        String base = root + "/reports/" + name + "-" + version + "/";
        try (var files = Files.list(dir)) {
            for (java.nio.file.Path file : (Iterable<java.nio.file.Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    write(new Path(base + file.getFileName()), Files.readAllBytes(file));
                }
            }
        }
        return new Path(base + page).toUri().toString();
    }

    private static void write(Path path, byte[] bytes) throws IOException {
        try (OutputStream out = path.getFileSystem().create(path, FileSystem.WriteMode.OVERWRITE)) {
            out.write(bytes);
        }
    }

    /** Where a stored version lives. */
    public record StoredArtifact(
            String digest, String modelUri, String manifestUri, String manifestDigest) {}

    @Override
    public String toString() {
        return "ArtifactStore{" + root + "}";
    }
}
