package io.vigil.features.spec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a feature's {@code filter}: equality on any field, a numeric range, or {@code all}/{@code
 * any}/{@code not} combinations; the fields it reads go to the schema check.
 */
final class FilterParser {

    private static final List<String> NUMERIC_CONDITIONS = List.of(">", ">=", "<", "<=", "between");
    private static final Set<String> FILTER_KEYS =
            Set.of("field", "equals", "in", ">", ">=", "<", "<=", "between", "all", "any", "not");

    private final SpecYaml yaml;
    private final List<FieldUse> uses;

    FilterParser(SpecYaml yaml, List<FieldUse> uses) {
        this.yaml = yaml;
        this.uses = uses;
    }

    /** The filter at {@code node}, or null after reporting why it cannot be one. */
    FeatureFilter filter(Node node, String where) {
        if (!(node instanceof MappingNode map)) {
            yaml.problem(
                    SpecYaml.line(node),
                    where
                            + ": a filter is a mapping: {field: channel, equals: ONLINE}, {field:"
                            + " amount, '>=': 100}, {all: [...]}, {any: [...]} or {not: {...}}");
            return null;
        }
        Map<String, Node> f = yaml.entries(map, FILTER_KEYS, where + " filter");
        if (f.containsKey("all") || f.containsKey("any")) {
            return group(f, map, where);
        }
        if (f.containsKey("not")) {
            if (f.size() > 1) {
                yaml.problem(
                        SpecYaml.line(map),
                        where + ": 'not' takes one filter and nothing beside it");
            }
            FeatureFilter negated = filter(f.get("not"), where);
            return negated == null ? null : new NotFilter(negated);
        }
        String field = yaml.text(f.get("field"), map, where + " filter", "field");
        boolean numeric = NUMERIC_CONDITIONS.stream().anyMatch(f::containsKey);
        if (field != null) {
            uses.add(
                    new FieldUse(
                            field,
                            numeric ? FieldUse.Need.NUMBER : FieldUse.Need.VALUE_OR_LIST,
                            SpecYaml.line(f.get("field")),
                            where + " filter"));
        }
        if (numeric) {
            if (f.containsKey("equals") || f.containsKey("in")) {
                yaml.problem(
                        SpecYaml.line(map),
                        where
                                + ": a filter compares with values (equals, in) or a range, not"
                                + " both");
            }
            return range(field, f, map, where);
        }
        Set<String> values = new LinkedHashSet<>();
        if (f.get("equals") instanceof ScalarNode s) {
            values.add(s.getValue());
        }
        if (f.get("in") instanceof SequenceNode list) {
            list.getValue().forEach(v -> values.add(SpecYaml.scalar(v)));
        }
        if (values.isEmpty()) {
            yaml.problem(
                    SpecYaml.line(map),
                    where
                            + ": the filter needs 'equals: VALUE', 'in: [VALUES]' or a range ('>',"
                            + " '>=', '<', '<=', between)");
        }
        return new EventFilter(field, values);
    }

    private FeatureFilter group(Map<String, Node> f, MappingNode map, String where) {
        boolean all = f.containsKey("all");
        if (f.size() > 1) {
            yaml.problem(
                    SpecYaml.line(map),
                    where
                            + ": '"
                            + (all ? "all" : "any")
                            + "' takes a list of filters and nothing beside it");
        }
        Node list = f.get(all ? "all" : "any");
        List<FeatureFilter> filters = new ArrayList<>();
        if (list instanceof SequenceNode items && !items.getValue().isEmpty()) {
            for (Node item : items.getValue()) {
                FeatureFilter filter = filter(item, where);
                if (filter != null) {
                    filters.add(filter);
                }
            }
        } else {
            yaml.problem(
                    SpecYaml.line(list), where + ": '" + (all ? "all" : "any") + "' lists filters");
        }
        return new FilterGroup(all, List.copyOf(filters));
    }

    private FeatureFilter range(String field, Map<String, Node> f, MappingNode map, String where) {
        Double min = null;
        Double max = null;
        boolean minIncluded = false;
        boolean maxIncluded = false;
        if (f.containsKey("between")) {
            List<String> bounds = yaml.scalars(f.get("between"));
            if (bounds.size() != 2 || !(f.get("between") instanceof SequenceNode)) {
                yaml.problem(
                        SpecYaml.line(f.get("between")),
                        where + ": 'between' takes two numbers, e.g. between: [10, 100]");
                return null;
            }
            SequenceNode pair = (SequenceNode) f.get("between");
            min = yaml.number(pair.getValue().get(0), where, "between");
            max = yaml.number(pair.getValue().get(1), where, "between");
            minIncluded = true;
            maxIncluded = true;
        }
        for (String bound : List.of(">", ">=")) {
            if (f.containsKey(bound)) {
                if (min != null) {
                    yaml.problem(
                            SpecYaml.line(f.get(bound)),
                            where + ": the filter has two lower bounds");
                }
                min = yaml.number(f.get(bound), where, bound);
                minIncluded = bound.equals(">=");
            }
        }
        for (String bound : List.of("<", "<=")) {
            if (f.containsKey(bound)) {
                if (max != null) {
                    yaml.problem(
                            SpecYaml.line(f.get(bound)),
                            where + ": the filter has two upper bounds");
                }
                max = yaml.number(f.get(bound), where, bound);
                maxIncluded = bound.equals("<=");
            }
        }
        if (min != null && max != null && min > max) {
            yaml.problem(
                    SpecYaml.line(map),
                    where + ": the filter's lower bound is above its upper bound");
        }
        return new NumericFilter(field, min, minIncluded, max, maxIncluded);
    }
}
