package io.vigil.features.spec;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads and validates a feature spec (format in docs/features.md). Every mistake is reported, each
 * with the file, the line and the feature or entity it belongs to, in one {@link
 * FeatureSpecException}.
 */
public final class FeatureSpecParser {

    static final Duration SHORTEST_WINDOW = Duration.ofSeconds(1);
    static final Duration LONGEST_WINDOW = Duration.ofDays(90);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h|d)");
    private static final Set<String> TOP_KEYS = Set.of("entities");
    private static final Set<String> ENTITY_KEYS = Set.of("name", "key", "hashed", "features");
    private static final Set<String> FEATURE_KEYS =
            Set.of("name", "aggregation", "field", "window", "filter");
    private static final Set<String> FILTER_KEYS = Set.of("field", "equals", "in");

    private final String source;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> featureNames = new HashSet<>();

    private FeatureSpecParser(String source) {
        this.source = source;
    }

    /**
     * @param source the file name, for messages
     */
    public static FeatureSpec parse(String yaml, String source) throws FeatureSpecException {
        FeatureSpecParser parser = new FeatureSpecParser(source);
        FeatureSpec spec = parser.read(yaml);
        if (!parser.problems.isEmpty()) {
            throw new FeatureSpecException(parser.problems);
        }
        return spec;
    }

    private FeatureSpec read(String yaml) {
        Node root;
        try {
            root =
                    new Yaml(new SafeConstructor(new LoaderOptions()))
                            .compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            problem(
                    e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1,
                    "not valid YAML: " + e.getProblem());
            return null;
        }
        if (!(root instanceof MappingNode map)) {
            problem(1, "a feature spec is a mapping with an 'entities' list");
            return null;
        }
        Map<String, Node> top = entries(map, TOP_KEYS, "the spec");
        Node entities = top.get("entities");
        if (!(entities instanceof SequenceNode list) || list.getValue().isEmpty()) {
            problem(
                    line(entities == null ? root : entities),
                    "'entities' must list at least one entity");
            return null;
        }
        List<EntitySpec> result = new ArrayList<>();
        Set<String> entityNames = new HashSet<>();
        for (Node node : list.getValue()) {
            EntitySpec entity = entity(node);
            if (entity != null && !entityNames.add(entity.name())) {
                problem(line(node), "entity '" + entity.name() + "' is declared twice");
            }
            if (entity != null) {
                result.add(entity);
            }
        }
        return new FeatureSpec(result);
    }

    private EntitySpec entity(Node node) {
        if (!(node instanceof MappingNode map)) {
            problem(line(node), "an entity is a mapping with name, key and features");
            return null;
        }
        Map<String, Node> e = entries(map, ENTITY_KEYS, "entity");
        String name = text(e.get("name"), map, "entity", "name");
        String where = "entity '" + name + "'";
        String key = text(e.get("key"), map, where, "key");
        if (key != null && !TransactionFields.ALL.containsKey(key)) {
            problem(
                    line(e.get("key")),
                    where
                            + ": key '"
                            + key
                            + "' is not a transaction field; fields: "
                            + TransactionFields.ALL.keySet());
        }
        boolean hashed =
                e.containsKey("hashed") ? bool(e.get("hashed"), where) : "cardNumber".equals(key);
        if ("cardNumber".equals(key) && !hashed) {
            problem(
                    line(e.get("hashed")),
                    where
                            + ": card numbers must never reach state in clear: remove 'hashed:"
                            + " false'");
        }
        List<FeatureDefinition> features = new ArrayList<>();
        if (!(e.get("features") instanceof SequenceNode list) || list.getValue().isEmpty()) {
            problem(
                    line(e.getOrDefault("features", map)),
                    where + ": 'features' must list at least one feature");
        } else {
            for (Node f : list.getValue()) {
                FeatureDefinition feature = feature(f, where);
                if (feature != null) {
                    features.add(feature);
                }
            }
        }
        return name == null ? null : new EntitySpec(name, key, hashed, features);
    }

    private FeatureDefinition feature(Node node, String entity) {
        if (!(node instanceof MappingNode map)) {
            problem(line(node), entity + ": a feature is a mapping with name and aggregation");
            return null;
        }
        Map<String, Node> f = entries(map, FEATURE_KEYS, entity + " feature");
        String name = text(f.get("name"), map, entity + " feature", "name");
        String where = "feature '" + name + "' of " + entity;
        if (name != null && !featureNames.add(name)) {
            problem(
                    line(map),
                    where + ": the name is used twice (feature names are unique across the spec)");
        }
        Aggregation aggregation = aggregation(f.get("aggregation"), map, where);
        String field = f.containsKey("field") ? text(f.get("field"), map, where, "field") : null;
        Duration window = f.containsKey("window") ? window(f.get("window"), where) : null;
        if (aggregation != null) {
            checkField(aggregation, field, f.getOrDefault("field", map), where);
            if (aggregation.windowed() && window == null && !f.containsKey("window")) {
                problem(
                        line(map),
                        where
                                + ": "
                                + aggregation.specName()
                                + " needs a window, e.g. window: 24h");
            } else if (!aggregation.windowed() && f.containsKey("window")) {
                problem(
                        line(f.get("window")),
                        where + ": " + aggregation.specName() + " takes no window");
            }
        }
        EventFilter filter = f.containsKey("filter") ? filter(f.get("filter"), where) : null;
        if (aggregation == Aggregation.MATCHES && filter == null && !f.containsKey("filter")) {
            problem(
                    line(map),
                    where
                            + ": matches needs a filter, e.g. filter: {field: channel, equals:"
                            + " ONLINE}");
        }
        return new FeatureDefinition(name, aggregation, field, window, filter, line(map));
    }

    private void checkField(Aggregation aggregation, String field, Node at, String where) {
        if (!aggregation.needsField()) {
            if (field != null) {
                problem(
                        line(at),
                        where + ": " + aggregation.specName() + " reads no field; remove 'field'");
            }
            return;
        }
        if (field == null) {
            problem(
                    line(at),
                    where + ": " + aggregation.specName() + " needs a field, e.g. field: amount");
        } else if (!TransactionFields.ALL.containsKey(field)) {
            problem(
                    line(at),
                    where
                            + ": field '"
                            + field
                            + "' is not a transaction field; fields: "
                            + TransactionFields.ALL.keySet());
        } else if (aggregation.needsNumericField() && !TransactionFields.ALL.get(field)) {
            problem(
                    line(at),
                    where
                            + ": "
                            + aggregation.specName()
                            + " needs a numeric field; '"
                            + field
                            + "' is text");
        }
    }

    private Aggregation aggregation(Node node, Node parent, String where) {
        String value = text(node, parent, where, "aggregation");
        if (value == null) {
            return null;
        }
        try {
            return Aggregation.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> known = new ArrayList<>();
            for (Aggregation a : Aggregation.values()) {
                known.add(a.specName());
            }
            problem(line(node), where + ": unknown aggregation '" + value + "'; one of " + known);
            return null;
        }
    }

    private Duration window(Node node, String where) {
        String value = scalar(node);
        Matcher m = value == null ? null : DURATION.matcher(value.trim());
        if (m == null || !m.matches()) {
            problem(
                    line(node),
                    where + ": window '" + value + "' is not a duration like 30s, 5m, 1h or 30d");
            return null;
        }
        long amount = Long.parseLong(m.group(1));
        Duration window =
                switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
        if (window.compareTo(SHORTEST_WINDOW) < 0 || window.compareTo(LONGEST_WINDOW) > 0) {
            problem(line(node), where + ": window " + value + " is outside 1s..90d");
        }
        return window;
    }

    private EventFilter filter(Node node, String where) {
        if (!(node instanceof MappingNode map)) {
            problem(
                    line(node),
                    where
                            + ": a filter is a mapping: {field: channel, equals: ONLINE} or {field:"
                            + " channel, in: [A, B]}");
            return null;
        }
        Map<String, Node> f = entries(map, FILTER_KEYS, where + " filter");
        String field = text(f.get("field"), map, where + " filter", "field");
        if (field != null && !TransactionFields.ALL.containsKey(field)) {
            problem(
                    line(f.get("field")),
                    where + ": filter field '" + field + "' is not a transaction field");
        }
        Set<String> values = new LinkedHashSet<>();
        if (f.get("equals") instanceof ScalarNode s) {
            values.add(s.getValue());
        }
        if (f.get("in") instanceof SequenceNode list) {
            list.getValue().forEach(v -> values.add(scalar(v)));
        }
        if (values.isEmpty()) {
            problem(line(map), where + ": the filter needs 'equals: VALUE' or 'in: [VALUES]'");
        }
        return new EventFilter(field, values);
    }

    /** The mapping's entries by key; unknown keys are reported with a suggestion. */
    private Map<String, Node> entries(MappingNode map, Set<String> allowed, String where) {
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

    private String text(Node node, Node parent, String where, String key) {
        String value = scalar(node);
        if (value == null || value.isBlank()) {
            problem(line(node == null ? parent : node), where + ": '" + key + "' is required");
            return null;
        }
        return value.trim();
    }

    private boolean bool(Node node, String where) {
        String value = scalar(node);
        if (!"true".equals(value) && !"false".equals(value)) {
            problem(line(node), where + ": 'hashed' is true or false");
        }
        return "true".equals(value);
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : null;
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

    private static int line(Node node) {
        return node == null ? 1 : node.getStartMark().getLine() + 1;
    }

    private void problem(int line, String message) {
        problems.add(source + ":" + line + ": " + message);
    }
}
