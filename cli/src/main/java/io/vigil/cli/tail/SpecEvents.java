package io.vigil.cli.tail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.schemas.codec.SingleObjectEncoding;
import io.vigil.schemas.codec.WireFormat;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Renders records of a spec's events (in the team's own schema) as JSON lines with the spec's
 * sensitive fields masked: the IBAN or e-mail address a team declared sensitive never reaches a
 * terminal in clear, whatever the wire format.
 */
final class SpecEvents {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Schema schema;
    private final WireFormat format;
    private final List<String> sensitive;
    private final GenericDatumReader<GenericRecord> reader;
    private final long fingerprint;
    private BinaryDecoder decoder;

    SpecEvents(FeatureSpec spec, WireFormat format) {
        this.schema = spec.layout().schema();
        this.fingerprint = SingleObjectEncoding.fingerprint(schema);
        this.format = format;
        this.sensitive = spec.events().sensitive();
        this.reader = new GenericDatumReader<>(schema);
    }

    /** One record as a JSON line, sensitive fields masked; an undecodable one says so. */
    String render(byte[] value) {
        ObjectNode node;
        try {
            node = format == WireFormat.JSON ? json(value) : avro(value);
        } catch (IOException | RuntimeException e) {
            return "{\"undecodable\": "
                    + TextNode.valueOf("not a record of " + schema.getFullName())
                    + ", \"bytes\": "
                    + (value == null ? 0 : value.length)
                    + "}";
        }
        sensitive.forEach(path -> mask(node, path.split("\\.")));
        return node.toString();
    }

    private ObjectNode avro(byte[] value) throws IOException {
        int offset = SingleObjectEncoding.datumOffset(value, fingerprint);
        decoder = DecoderFactory.get().binaryDecoder(value, offset, value.length - offset, decoder);
        GenericRecord record = reader.read(null, decoder);
        if (!decoder.isEnd()) {
            throw new IOException("bytes after the record");
        }
        return JsonLines.node(record);
    }

    private static ObjectNode json(byte[] value) throws IOException {
        JsonNode node = MAPPER.readTree(value);
        if (!(node instanceof ObjectNode object)) {
            throw new IOException("not a JSON object");
        }
        return object;
    }

    /** Masks the value at {@code path} (unwrapping Avro JSON's union wrappers on the way). */
    private static void mask(ObjectNode node, String[] path) {
        ObjectNode parent = node;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode next = unwrapped(parent.get(path[i]));
            if (!(next instanceof ObjectNode object)) {
                return;
            }
            parent = object;
        }
        String last = path[path.length - 1];
        JsonNode value = parent.get(last);
        if (value != null && !value.isNull()) {
            parent.put(last, masked(unwrapped(value).asText()));
        }
    }

    /** {"string": "x"} as "x", {"com.example.Payer": {...}} as {...}; anything else as it is. */
    private static JsonNode unwrapped(JsonNode value) {
        return value instanceof ObjectNode wrapper && wrapper.size() == 1
                ? wrapper.elements().next()
                : value;
    }

    /** The last four characters of a long value, stars for the rest; all stars for a short one. */
    static String masked(String text) {
        return text.length() > 8
                ? "*".repeat(text.length() - 4) + text.substring(text.length() - 4)
                : "****";
    }
}
