package io.vigil.features.spec;

import io.vigil.schemas.codec.WireFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the {@code labels} section of a spec into a {@link LabelDeclaration}. */
final class LabelDeclarationParser {

    private static final Set<String> KEYS =
            Set.of("schema", "id", "label", "positive", "time", "pattern", "amount", "format");
    private static final String WHERE = "labels";

    private final SpecYaml yaml;
    private final List<FieldUse> uses;

    /**
     * @param uses receives the fields the labels read, to check against the labels' schema
     */
    LabelDeclarationParser(SpecYaml yaml, List<FieldUse> uses) {
        this.yaml = yaml;
        this.uses = uses;
    }

    /** The declaration, or null when it is too broken to use (the problems say why). */
    LabelDeclaration parse(Node node) {
        Map<String, Node> l =
                yaml.section(
                        node,
                        KEYS,
                        WHERE,
                        "a mapping with schema, id, label and positive (optionally time and"
                                + " pattern)");
        if (l == null) {
            return null;
        }
        String schema = yaml.text(l.get("schema"), node, WHERE, "schema");
        String id = yaml.field(l.get("id"), node, WHERE, "id", FieldUse.Need.ANY, uses);
        String label = yaml.field(l.get("label"), node, WHERE, "label", FieldUse.Need.ANY, uses);
        Set<String> positive = new LinkedHashSet<>(yaml.scalars(l.get("positive")));
        if (positive.isEmpty() || positive.contains(null)) {
            yaml.problem(
                    SpecYaml.line(l.getOrDefault("positive", node)),
                    "labels: 'positive' lists the label values that mean positive, e.g."
                            + " positive: [FRAUD, CHARGEBACK] or positive: [true]");
            positive.remove(null);
        }
        String time =
                l.containsKey("time")
                        ? yaml.field(l.get("time"), node, WHERE, "time", FieldUse.Need.TIME, uses)
                        : null;
        String pattern =
                l.containsKey("pattern")
                        ? yaml.field(
                                l.get("pattern"), node, WHERE, "pattern", FieldUse.Need.ANY, uses)
                        : null;
        String amount =
                l.containsKey("amount")
                        ? yaml.field(
                                l.get("amount"), node, WHERE, "amount", FieldUse.Need.NUMBER, uses)
                        : null;
        WireFormat format = l.containsKey("format") ? format(l.get("format")) : WireFormat.AVRO;
        return schema == null || id == null || label == null
                ? null
                : new LabelDeclaration(
                        schema, id, label, Set.copyOf(positive), time, pattern, amount, format);
    }

    /** {@code avro} (binary, the declared schema) or {@code json}. */
    private WireFormat format(Node node) {
        String value = SpecYaml.scalar(node);
        if ("json".equalsIgnoreCase(value)) {
            return WireFormat.JSON;
        }
        if (!"avro".equalsIgnoreCase(value)) {
            yaml.problem(
                    SpecYaml.line(node), "labels: 'format' is avro or json (was " + value + ")");
        }
        return WireFormat.AVRO;
    }
}
