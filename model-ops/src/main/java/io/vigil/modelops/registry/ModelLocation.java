package io.vigil.modelops.registry;

import io.vigil.modelops.manifest.ModelManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import org.apache.flink.core.fs.Path;

/**
 * Where a model and its manifest live: any Flink FileSystem URI ({@code file:///...} locally,
 * {@code s3://...} with Flink's S3 plugin on a cluster). Read by each task when it opens.
 *
 * @param model URI of the ONNX file
 * @param manifest URI of the manifest YAML
 */
public record ModelLocation(String model, String manifest) implements Serializable {

    public byte[] readModel() throws IOException {
        return read(model);
    }

    public ModelManifest readManifest() throws IOException {
        return ModelManifest.fromYaml(read(manifest));
    }

    private static byte[] read(String uri) throws IOException {
        Path path = new Path(uri);
        try (InputStream in = path.getFileSystem().open(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IOException("cannot read " + uri + ": " + e.getMessage(), e);
        }
    }
}
