package io.vigil.schemas.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Every schema a record type of Vigil's topics has had: today's and each released one (shipped in
 * this jar under {@code io/vigil/schemas/released}, listed in {@code releases.txt}), so a reader
 * can find the schema an older record was written with, by fingerprint or, for records written
 * before they carried one, by trying each.
 */
public final class SchemaHistory {

    private static final String RELEASED = "/io/vigil/schemas/released/";

    /** Released schemas by full name, newest release first; read once. */
    private static final Map<String, List<Schema>> RELEASED_BY_NAME = loadReleased();

    private static final Map<String, SchemaHistory> HISTORIES = new ConcurrentHashMap<>();

    private final Map<Long, Schema> byFingerprint;
    private final List<Schema> newestFirst;

    private SchemaHistory(Schema current) {
        Map<Long, Schema> schemas = new LinkedHashMap<>();
        schemas.put(SingleObjectEncoding.fingerprint(current), current);
        for (Schema released : RELEASED_BY_NAME.getOrDefault(current.getFullName(), List.of())) {
            schemas.putIfAbsent(SingleObjectEncoding.fingerprint(released), released);
        }
        this.byFingerprint = Map.copyOf(schemas);
        this.newestFirst = List.copyOf(schemas.values());
    }

    /** The history of the record type whose schema today is {@code current}. */
    public static SchemaHistory of(Schema current) {
        return HISTORIES.computeIfAbsent(current.getFullName(), name -> new SchemaHistory(current));
    }

    /** The schema with {@code fingerprint}, or null if this record type never had it. */
    public Schema withFingerprint(long fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    /** Today's schema, then the released ones from the newest (each schema once). */
    public List<Schema> newestFirst() {
        return newestFirst;
    }

    private static Map<String, List<Schema>> loadReleased() {
        List<String> releases = new ArrayList<>();
        for (String line : resource("releases.txt").split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                releases.add(0, line.trim()); // newest first
            }
        }
        Map<String, List<Schema>> byName = new LinkedHashMap<>();
        for (String release : releases) {
            String version = release.substring(0, release.indexOf(':')).trim();
            Schema.Parser parser = new Schema.Parser();
            for (String file : release.substring(release.indexOf(':') + 1).trim().split("\\s+")) {
                Schema schema = parser.parse(resource(version + "/" + file + ".avsc"));
                byName.computeIfAbsent(schema.getFullName(), n -> new ArrayList<>()).add(schema);
            }
        }
        return byName;
    }

    private static String resource(String path) {
        try (InputStream in = SchemaHistory.class.getResourceAsStream(RELEASED + path)) {
            if (in == null) {
                throw new IllegalStateException("missing from the schemas jar: " + RELEASED + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
