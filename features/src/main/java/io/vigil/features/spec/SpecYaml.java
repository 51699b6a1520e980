package io.vigil.features.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reading helpers shared by the spec's parsers: every mistake is collected as {@code file:line:
 * what is wrong}, so a user sees all of them at once.
 */
final class SpecYaml {

    private final String source;
    private final List<String> problems = new ArrayList<>();

    SpecYaml(String source) {
        this.source = source;
    }

    String source() {
        return source;
    }

    List<String> problems() {
        return problems;
    }

    /** The problems ordered by line (stable: one line's problems in the order found). */
    List<String> problemsInFileOrder() {
        List<String> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt(SpecYaml::lineOf));
        return sorted;
    }

    private static int lineOf(String problem) {
        String[] parts = problem.split(":", 3);
        try {
            return parts.length < 3 ? 0 : Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    void problem(int line, String message) {
        problems.add(source + ":" + line + ": " + message);
    }

    /**
     * The entries of a section that must be a mapping of {@code allowed} keys, or null after
     * reporting {@code expected} (what the section is).
     */
    Map<String, Node> section(Node node, Set<String> allowed, String where, String expected) {
        if (node instanceof MappingNode map) {
            return entries(map, allowed, where);
        }
        problem(line(node), "'" + where + "' is " + expected);
        return null;
    }

    /** The mapping's entries by key; unknown keys are reported with a suggestion. */
    Map<String, Node> entries(MappingNode map, Set<String> allowed, String where) {
        Map<String, Node> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            String key = scalar(tuple.getKeyNode());
            if (!allowed.contains(key)) {
                problem(
                        line(tuple.getKeyNode()),
                        where + ": unknown key '" + key + "'" + suggestion(key, allowed));
            } else if (entries.put(key, tuple.getValueNode()) != null) {
                problem(line(tuple.getKeyNode()), where + ": '" + key + "' is given twice");
            }
        }
        return entries;
    }

    /** A required, non-blank scalar (trimmed), or null after reporting it missing. */
    String text(Node node, Node parent, String where, String key) {
        String value = scalar(node);
        if (value == null || value.isBlank()) {
            problem(line(node == null ? parent : node), where + ": '" + key + "' is required");
            return null;
        }
        return value.trim();
    }

    /**
     * A required field path under {@code key}, recorded in {@code uses} to be checked against the
     * schema; null after reporting it missing.
     */
    String field(
            Node node,
            Node parent,
            String where,
            String key,
            FieldUse.Need need,
            List<FieldUse> uses) {
        String path = text(node, parent, where, key);
        if (path != null) {
            uses.add(new FieldUse(path, need, line(node), where + " " + key));
        }
        return path;
    }

    boolean bool(Node node, String where, String key) {
        String value = scalar(node);
        if (!"true".equals(value) && !"false".equals(value)) {
            problem(line(node), where + ": '" + key + "' is true or false");
        }
        return "true".equals(value);
    }

    /** A number, or null after reporting what is wrong. */
    Double number(Node node, String where, String key) {
        String value = scalar(node);
        try {
            double number = Double.parseDouble(value == null ? "" : value.trim());
            if (Double.isFinite(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(line(node), where + ": '" + key + "' must be a number (was " + value + ")");
        return null;
    }

    /** A scalar or a list of scalars, as a list (null entries for non-scalars). */
    List<String> scalars(Node node) {
        List<String> values = new ArrayList<>();
        if (node instanceof SequenceNode list) {
            list.getValue().forEach(v -> values.add(scalar(v)));
        } else if (node instanceof ScalarNode s) {
            values.add(s.getValue());
        }
        return values;
    }

    static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : null;
    }

    static int line(Node node) {
        return node == null ? 1 : node.getStartMark().getLine() + 1;
    }

    private static String suggestion(String key, Set<String> allowed) {
        for (String candidate : allowed) {
            if (distance(key, candidate) <= 2) {
                return "; did you mean '" + candidate + "'?";
            }
        }
        return "; expected one of " + allowed;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] current = new int[b.length() + 1];
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] =
                        Math.min(
                                Math.min(current[j - 1] + 1, previous[j] + 1),
                                previous[j - 1] + cost);
            }
            previous = current;
        }
        return previous[b.length()];
    }
}
