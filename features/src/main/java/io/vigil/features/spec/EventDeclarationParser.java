package io.vigil.features.spec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads the {@code events} section of a spec into an {@link EventDeclaration}. */
final class EventDeclarationParser {

    private static final Set<String> KEYS =
            Set.of("schema", "id", "time", "amount", "sensitive", "carry", "rules", "segments");
    private static final Set<String> SEGMENT_KEYS = Set.of("name", "field", "bands");
    private static final Set<String> RULE_KEYS =
            Set.of("field", "required", "min", "max", "max-length", "in");
    private static final String WHERE = "events";

    private final SpecYaml yaml;
    private final List<FieldUse> uses;

    EventDeclarationParser(SpecYaml yaml, List<FieldUse> uses) {
        this.yaml = yaml;
        this.uses = uses;
    }

    /** The declaration, or null when it is too broken to use (the problems say why). */
    EventDeclaration parse(Node node) {
        Map<String, Node> e =
                yaml.section(
                        node,
                        KEYS,
                        WHERE,
                        "a mapping with schema, id, time and optionally amount, sensitive, carry,"
                                + " rules and segments");
        if (e == null) {
            return null;
        }
        String schema = yaml.text(e.get("schema"), node, WHERE, "schema");
        String id = yaml.field(e.get("id"), node, WHERE, "id", FieldUse.Need.ANY, uses);
        String time = yaml.field(e.get("time"), node, WHERE, "time", FieldUse.Need.TIME, uses);
        String amount =
                e.containsKey("amount")
                        ? yaml.field(
                                e.get("amount"), node, WHERE, "amount", FieldUse.Need.NUMBER, uses)
                        : null;
        List<String> sensitive = fields(e.get("sensitive"), "sensitive");
        List<String> carried = fields(e.get("carry"), "carry");
        List<ValidationRule> rules = new ArrayList<>();
        if (e.get("rules") instanceof SequenceNode list) {
            list.getValue().forEach(r -> rules.add(rule(r)));
        } else if (e.containsKey("rules")) {
            yaml.problem(
                    SpecYaml.line(e.get("rules")),
                    "events: 'rules' is a list, e.g. - {field: amount, required: true, min: 0}");
        }
        rules.removeIf(r -> r == null);
        List<SegmentDeclaration> segments = segments(e.get("segments"));
        // A segment's field travels with every prediction, where MonitoringJob reads it.
        segments.stream()
                .map(SegmentDeclaration::field)
                .filter(f -> !carried.contains(f))
                .forEach(carried::add);
        return schema == null || id == null || time == null
                ? null
                : new EventDeclaration(
                        schema, id, time, amount, sensitive, carried, rules, segments);
    }

    private List<SegmentDeclaration> segments(Node node) {
        List<SegmentDeclaration> segments = new ArrayList<>();
        if (node == null) {
            return segments;
        }
        if (!(node instanceof SequenceNode list)) {
            yaml.problem(
                    SpecYaml.line(node),
                    "events: 'segments' is a list, e.g. - {name: country, field: country}");
            return segments;
        }
        Set<String> names = new LinkedHashSet<>();
        for (Node item : list.getValue()) {
            SegmentDeclaration segment = segment(item);
            if (segment != null && !names.add(segment.name())) {
                yaml.problem(
                        SpecYaml.line(item),
                        "events: segment '" + segment.name() + "' is declared twice");
            } else if (segment != null) {
                segments.add(segment);
            }
        }
        return segments;
    }

    private SegmentDeclaration segment(Node node) {
        if (!(node instanceof MappingNode map)) {
            yaml.problem(
                    SpecYaml.line(node),
                    "events: a segment is a mapping, e.g. {name: country, field: country} or"
                            + " {name: amount_band, field: amount, bands: [50, 500]}");
            return null;
        }
        Map<String, Node> s = yaml.entries(map, SEGMENT_KEYS, "events segment");
        String name = yaml.text(s.get("name"), map, "events segment", "name");
        String where = "events segment '" + name + "'";
        List<Double> bands = new ArrayList<>();
        if (s.containsKey("bands")) {
            if (s.get("bands") instanceof SequenceNode edges) {
                for (Node edge : edges.getValue()) {
                    Double value = yaml.number(edge, where, "bands");
                    if (value != null) {
                        bands.add(value);
                    }
                }
            }
            for (int i = 1; i < bands.size(); i++) {
                if (!(bands.get(i) > bands.get(i - 1))) {
                    yaml.problem(
                            SpecYaml.line(s.get("bands")),
                            where + ": 'bands' are edges in increasing order, e.g. [50, 500]");
                    return null;
                }
            }
            if (bands.isEmpty()) {
                yaml.problem(
                        SpecYaml.line(s.get("bands")), where + ": 'bands' lists the band edges");
                return null;
            }
        }
        String field =
                yaml.field(
                        s.get("field"),
                        map,
                        where,
                        "field",
                        bands.isEmpty() ? FieldUse.Need.ANY : FieldUse.Need.NUMBER,
                        uses);
        return name == null || field == null ? null : new SegmentDeclaration(name, field, bands);
    }

    private List<String> fields(Node node, String key) {
        List<String> paths = new ArrayList<>();
        for (String path : yaml.scalars(node)) {
            if (path == null || path.isBlank()) {
                yaml.problem(SpecYaml.line(node), "events: '" + key + "' lists field paths");
            } else {
                paths.add(path.trim());
                uses.add(
                        new FieldUse(
                                path.trim(),
                                // A carried list is copied as text; a sensitive field is one value.
                                key.equals("carry")
                                        ? FieldUse.Need.VALUE_OR_LIST
                                        : FieldUse.Need.ANY,
                                SpecYaml.line(node),
                                WHERE + " " + key));
            }
        }
        return paths;
    }

    private ValidationRule rule(Node node) {
        if (!(node instanceof MappingNode map)) {
            yaml.problem(
                    SpecYaml.line(node),
                    "events: a rule is a mapping, e.g. {field: amount, required: true, min: 0}");
            return null;
        }
        Map<String, Node> r = yaml.entries(map, RULE_KEYS, "events rule");
        String field = yaml.text(r.get("field"), map, "events rule", "field");
        String where = "events rule on '" + field + "'";
        boolean required =
                r.containsKey("required") && yaml.bool(r.get("required"), where, "required");
        Double min = r.containsKey("min") ? yaml.number(r.get("min"), where, "min") : null;
        Double max = r.containsKey("max") ? yaml.number(r.get("max"), where, "max") : null;
        Integer maxLength = null;
        if (r.containsKey("max-length")) {
            Double length = yaml.number(r.get("max-length"), where, "max-length");
            if (length != null && (length < 1 || length != Math.rint(length))) {
                yaml.problem(
                        SpecYaml.line(r.get("max-length")),
                        where + ": 'max-length' is a whole number above 0");
            } else if (length != null) {
                maxLength = length.intValue();
            }
        }
        Set<String> allowed = new LinkedHashSet<>(yaml.scalars(r.get("in")));
        if (r.containsKey("in") && (allowed.isEmpty() || allowed.contains(null))) {
            yaml.problem(SpecYaml.line(r.get("in")), where + ": 'in' lists the allowed values");
            allowed.remove(null);
        }
        if (min != null && max != null && min > max) {
            yaml.problem(SpecYaml.line(map), where + ": 'min' is above 'max'");
        }
        if (!required && min == null && max == null && maxLength == null && allowed.isEmpty()) {
            yaml.problem(
                    SpecYaml.line(map),
                    where + ": the rule checks nothing; give required, min, max, max-length or in");
        }
        if (field == null) {
            return null;
        }
        int line = SpecYaml.line(map);
        FieldUse.Need need =
                min != null || max != null
                        ? FieldUse.Need.NUMBER
                        : maxLength != null ? FieldUse.Need.TEXT : FieldUse.Need.ANY;
        uses.add(new FieldUse(field, need, line, where));
        return new ValidationRule(field, required, min, max, maxLength, Set.copyOf(allowed), line);
    }
}
