package io.vigil.features.spec;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads and validates a feature spec (format in docs/features.md and docs/events.md): the events it
 * reads (their Avro schema and declaration) and the entities and features it computes. Every
 * mistake is reported, each with the file, the line and the feature or entity it belongs to, in one
 * {@link FeatureSpecException}; every field the spec reads is checked against the schema.
 */
public final class FeatureSpecParser {

    static final Duration SHORTEST_WINDOW = Duration.ofSeconds(1);
    static final Duration LONGEST_WINDOW = Duration.ofDays(90);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h|d)");
    private static final Set<String> TOP_KEYS = Set.of("events", "labels", "entities");
    private static final Set<String> ENTITY_KEYS = Set.of("name", "key", "hashed", "features");
    private static final Set<String> FEATURE_KEYS =
            Set.of("name", "aggregation", "field", "window", "filter", "latitude", "longitude");

    private final SpecYaml yaml;
    private final Set<String> featureNames = new HashSet<>();
    private final List<FieldUse> uses = new ArrayList<>();
    private final Set<String> hashedKeys = new LinkedHashSet<>();

    private FeatureSpecParser(String source) {
        this.yaml = new SpecYaml(source);
    }

    /**
     * @param source the file name or URI, for messages and to find a schema next to the spec
     */
    public static FeatureSpec parse(String yaml, String source) throws FeatureSpecException {
        FeatureSpecParser parser = new FeatureSpecParser(source);
        FeatureSpec spec = parser.read(yaml);
        if (!parser.yaml.problems().isEmpty()) {
            throw new FeatureSpecException(parser.yaml.problemsInFileOrder());
        }
        return spec;
    }

    private FeatureSpec read(String text) {
        Node root = compose(text);
        if (root == null) {
            return null;
        }
        if (!(root instanceof MappingNode map)) {
            yaml.problem(1, "a feature spec is a mapping with an 'entities' list");
            return null;
        }
        Map<String, Node> top = yaml.entries(map, TOP_KEYS, "the spec");
        EventDeclaration events =
                top.containsKey("events")
                        ? new EventDeclarationParser(yaml, uses).parse(top.get("events"))
                        : bundledDeclaration();
        Node entities = top.get("entities");
        if (!(entities instanceof SequenceNode list) || list.getValue().isEmpty()) {
            yaml.problem(
                    SpecYaml.line(entities == null ? root : entities),
                    "'entities' must list at least one entity");
            return null;
        }
        List<EntitySpec> result = new ArrayList<>();
        Set<String> entityNames = new HashSet<>();
        for (Node node : list.getValue()) {
            EntitySpec entity = entity(node, events);
            if (entity != null && !entityNames.add(entity.name())) {
                yaml.problem(
                        SpecYaml.line(node), "entity '" + entity.name() + "' is declared twice");
            }
            if (entity != null) {
                result.add(entity);
            }
        }
        if (events == null) {
            return null;
        }
        Schema schema;
        try {
            schema = SchemaSources.load(events.schemaLocation(), yaml.source());
        } catch (IllegalArgumentException e) {
            yaml.problem(SpecYaml.line(top.get("events")), "events: " + e.getMessage());
            return null;
        }
        Set<String> sensitive = new LinkedHashSet<>(events.sensitive());
        sensitive.addAll(hashedKeys);
        EventLayout layout = EventLayoutBuilder.build(yaml, schema, uses, sensitive);
        if (!top.containsKey("labels")) {
            return new FeatureSpec(events, result, layout, null, null);
        }
        List<FieldUse> labelUses = new ArrayList<>();
        LabelDeclaration labels =
                new LabelDeclarationParser(yaml, labelUses).parse(top.get("labels"));
        if (labels == null) {
            return null;
        }
        try {
            Schema labelSchema = SchemaSources.load(labels.schemaLocation(), yaml.source());
            EventLayout labelLayout =
                    EventLayoutBuilder.build(yaml, labelSchema, labelUses, Set.of());
            return new FeatureSpec(events, result, layout, labels, labelLayout);
        } catch (IllegalArgumentException e) {
            yaml.problem(SpecYaml.line(top.get("labels")), "labels: " + e.getMessage());
            return null;
        }
    }

    private Node compose(String text) {
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions()))
                    .compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            yaml.problem(
                    e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1,
                    "not valid YAML: " + e.getProblem());
            return null;
        }
    }

    /**
     * A spec without an {@code events} section reads card transactions, declared as in the bundled
     * card-fraud spec.
     */
    private EventDeclaration bundledDeclaration() {
        SpecYaml bundled = new SpecYaml("card-fraud.yaml");
        Node root =
                new Yaml(new SafeConstructor(new LoaderOptions()))
                        .compose(new StringReader(FeatureSpecs.bundledText()));
        Node events =
                ((MappingNode) root)
                        .getValue().stream()
                                .filter(t -> "events".equals(SpecYaml.scalar(t.getKeyNode())))
                                .findFirst()
                                .orElseThrow()
                                .getValueNode();
        return new EventDeclarationParser(bundled, uses).parse(events);
    }

    private EntitySpec entity(Node node, EventDeclaration events) {
        if (!(node instanceof MappingNode map)) {
            yaml.problem(SpecYaml.line(node), "an entity is a mapping with name, key and features");
            return null;
        }
        Map<String, Node> e = yaml.entries(map, ENTITY_KEYS, "entity");
        String name = yaml.text(e.get("name"), map, "entity", "name");
        String where = "entity '" + name + "'";
        List<String> keys = keys(e.get("key"), map, where);
        if (e.containsKey("hashed")) {
            boolean hashed = yaml.bool(e.get("hashed"), where, "hashed");
            if (hashed) {
                hashedKeys.addAll(keys);
            } else if (events != null && keys.stream().anyMatch(events.sensitive()::contains)) {
                yaml.problem(
                        SpecYaml.line(e.get("hashed")),
                        where
                                + ": its key is a sensitive field, which never reaches state in"
                                + " clear: remove 'hashed: false'");
            }
        }
        List<FeatureDefinition> features = new ArrayList<>();
        String[] location = {null, null};
        if (!(e.get("features") instanceof SequenceNode list) || list.getValue().isEmpty()) {
            yaml.problem(
                    SpecYaml.line(e.getOrDefault("features", map)),
                    where + ": 'features' must list at least one feature");
        } else {
            for (Node f : list.getValue()) {
                FeatureDefinition feature = feature(f, where, location);
                if (feature != null) {
                    features.add(feature);
                }
            }
        }
        return name == null ? null : new EntitySpec(name, keys, features, location[0], location[1]);
    }

    /** One key field or a list of them (a composite key such as card and merchant). */
    private List<String> keys(Node node, Node parent, String where) {
        List<String> keys = new ArrayList<>();
        for (String key : yaml.scalars(node)) {
            if (key == null || key.isBlank()) {
                yaml.problem(SpecYaml.line(node), where + ": 'key' names fields");
            } else if (keys.contains(key.trim())) {
                yaml.problem(
                        SpecYaml.line(node), where + ": key field '" + key + "' is given twice");
            } else {
                keys.add(key.trim());
                uses.add(
                        new FieldUse(
                                key.trim(),
                                FieldUse.Need.ANY,
                                SpecYaml.line(node),
                                where + " key"));
            }
        }
        if (keys.isEmpty() && (node == null || yaml.scalars(node).isEmpty())) {
            yaml.problem(
                    SpecYaml.line(node == null ? parent : node), where + ": 'key' is required");
        }
        return List.copyOf(keys);
    }

    private FeatureDefinition feature(Node node, String entity, String[] location) {
        if (!(node instanceof MappingNode map)) {
            yaml.problem(
                    SpecYaml.line(node),
                    entity + ": a feature is a mapping with name and aggregation");
            return null;
        }
        Map<String, Node> f = yaml.entries(map, FEATURE_KEYS, entity + " feature");
        String name = yaml.text(f.get("name"), map, entity + " feature", "name");
        String where = "feature '" + name + "' of " + entity;
        if (name != null && !featureNames.add(name)) {
            yaml.problem(
                    SpecYaml.line(map),
                    where + ": the name is used twice (feature names are unique across the spec)");
        }
        Aggregation aggregation = aggregation(f.get("aggregation"), map, where);
        String field =
                f.containsKey("field") ? yaml.text(f.get("field"), map, where, "field") : null;
        Duration window = f.containsKey("window") ? window(f.get("window"), where) : null;
        if (aggregation != null) {
            checkField(aggregation, field, f.getOrDefault("field", map), where);
            checkWindow(aggregation, window, f, map, where);
            location(aggregation, f, map, where, location);
        }
        FeatureFilter filter =
                f.containsKey("filter")
                        ? new FilterParser(yaml, uses).filter(f.get("filter"), where)
                        : null;
        if (aggregation == Aggregation.MATCHES && filter == null && !f.containsKey("filter")) {
            yaml.problem(
                    SpecYaml.line(map),
                    where
                            + ": matches needs a filter, e.g. filter: {field: channel, equals:"
                            + " ONLINE}");
        }
        return new FeatureDefinition(name, aggregation, field, window, filter, SpecYaml.line(map));
    }

    private void checkWindow(
            Aggregation aggregation, Duration window, Map<String, Node> f, Node map, String where) {
        if (aggregation.windowed() && window == null && !f.containsKey("window")) {
            yaml.problem(
                    SpecYaml.line(map),
                    where + ": " + aggregation.specName() + " needs a window, e.g. window: 24h");
        } else if (!aggregation.windowed() && f.containsKey("window")) {
            yaml.problem(
                    SpecYaml.line(f.get("window")),
                    where + ": " + aggregation.specName() + " takes no window");
        }
    }

    /**
     * The latitude and longitude fields a geo_velocity feature reads ({@code latitude} and {@code
     * longitude} unless named): one pair per entity, since the entity remembers one location.
     */
    private void location(
            Aggregation aggregation,
            Map<String, Node> f,
            Node map,
            String where,
            String[] location) {
        boolean geo = aggregation == Aggregation.GEO_VELOCITY;
        for (String key : List.of("latitude", "longitude")) {
            if (!geo && f.containsKey(key)) {
                yaml.problem(
                        SpecYaml.line(f.get(key)),
                        where + ": '" + key + "' belongs to geo_velocity features only");
            }
        }
        if (!geo) {
            return;
        }
        String latitude =
                f.containsKey("latitude")
                        ? yaml.text(f.get("latitude"), map, where, "latitude")
                        : "latitude";
        String longitude =
                f.containsKey("longitude")
                        ? yaml.text(f.get("longitude"), map, where, "longitude")
                        : "longitude";
        if (location[0] != null
                && (!location[0].equals(latitude) || !location[1].equals(longitude))) {
            yaml.problem(
                    SpecYaml.line(map),
                    where
                            + ": an entity remembers one location; its geo_velocity features"
                            + " must read the same latitude and longitude fields");
        }
        location[0] = latitude;
        location[1] = longitude;
        int line = SpecYaml.line(map);
        uses.add(new FieldUse(latitude, FieldUse.Need.NUMBER, line, where + " latitude"));
        uses.add(new FieldUse(longitude, FieldUse.Need.NUMBER, line, where + " longitude"));
    }

    private void checkField(Aggregation aggregation, String field, Node at, String where) {
        if (!aggregation.needsField()) {
            if (field != null) {
                yaml.problem(
                        SpecYaml.line(at),
                        where + ": " + aggregation.specName() + " reads no field; remove 'field'");
            }
            return;
        }
        if (field == null) {
            yaml.problem(
                    SpecYaml.line(at),
                    where + ": " + aggregation.specName() + " needs a field, e.g. field: amount");
            return;
        }
        FieldUse.Need need =
                aggregation.needsNumericField() ? FieldUse.Need.NUMBER : FieldUse.Need.ANY;
        String use = aggregation.needsNumericField() ? " (" + aggregation.specName() + ")" : "";
        uses.add(new FieldUse(field, need, SpecYaml.line(at), where + use));
    }

    private Aggregation aggregation(Node node, Node parent, String where) {
        String value = yaml.text(node, parent, where, "aggregation");
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
            yaml.problem(
                    SpecYaml.line(node),
                    where + ": unknown aggregation '" + value + "'; one of " + known);
            return null;
        }
    }

    private Duration window(Node node, String where) {
        String value = SpecYaml.scalar(node);
        Matcher m = value == null ? null : DURATION.matcher(value.trim());
        if (m == null || !m.matches()) {
            yaml.problem(
                    SpecYaml.line(node),
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
            yaml.problem(SpecYaml.line(node), where + ": window " + value + " is outside 1s..90d");
        }
        return window;
    }
}
