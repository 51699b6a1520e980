package io.vigil.jobs.files;

import io.vigil.schemas.codec.WireFormat;
import java.util.List;
import java.util.Locale;
import org.apache.flink.core.fs.Path;

/**
 * How history files hold records, told by their extension: Avro container files ({@code .avro}, any
 * compression; the writer's schema travels with the file) or Avro JSON, one record per line ({@code
 * .jsonl}, {@code .json}; the same encoding as a JSON topic).
 */
public enum FileLayout {
    AVRO_CONTAINER(WireFormat.AVRO),
    JSON_LINES(WireFormat.JSON);

    private final WireFormat wireFormat;

    FileLayout(WireFormat wireFormat) {
        this.wireFormat = wireFormat;
    }

    /**
     * How each record is handed on for decoding: Avro binary for containers, the line itself for
     * JSON.
     */
    public WireFormat wireFormat() {
        return wireFormat;
    }

    /**
     * The layout shared by {@code paths}.
     *
     * @throws IllegalArgumentException when a path has another extension or the layouts are mixed
     */
    public static FileLayout of(List<String> paths) {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no input files given");
        }
        FileLayout layout = null;
        for (String path : paths) {
            FileLayout own = ofPath(path);
            if (layout != null && own != layout) {
                throw new IllegalArgumentException(
                        "input files mix Avro container (.avro) and JSON lines (.jsonl): "
                                + paths
                                + "; run one kind at a time");
            }
            layout = own;
        }
        return layout;
    }

    /** The files as Flink paths. */
    public static Path[] paths(List<String> files) {
        return files.stream().map(Path::new).toArray(Path[]::new);
    }

    private static FileLayout ofPath(String path) {
        String name = path.toLowerCase(Locale.ROOT);
        String base = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        if (base.endsWith(".avro")) {
            return AVRO_CONTAINER;
        }
        if (base.endsWith(".jsonl") || base.endsWith(".json")) {
            return JSON_LINES;
        }
        throw new IllegalArgumentException(
                path + ": expected an Avro container file (.avro) or JSON lines (.jsonl, .json)");
    }
}
