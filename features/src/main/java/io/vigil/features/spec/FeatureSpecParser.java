package io.vigil.features.spec;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    private static final Set<String> TOP_KEYS = Set.of("events", "labels", "lookups", "entities");
    private static final Set<String> ENTITY_KEYS = Set.of("name", "key", "hashed", "features");

    private final SpecYaml yaml;
    private final List<FieldUse> uses = new ArrayList<>();
    private final FeatureDefinitionParser featureParser;
    private final List<FeatureDefinition> textFeatures = new ArrayList<>();
    private final Set<String> hashedKeys = new LinkedHashSet<>();

    private FeatureSpecParser(String source) {
        this.yaml = new SpecYaml(source);
        this.featureParser = new FeatureDefinitionParser(yaml, uses);
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
        List<LookupDeclaration> lookups =
                top.containsKey("lookups")
                        ? new LookupDeclarationParser(yaml, uses).parse(top.get("lookups"))
                        : List.of();
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
        EventLayout layout = EventLayoutBuilder.build(yaml, schema, uses, sensitive, lookups);
        if (!top.containsKey("labels")) {
            return new FeatureSpec(events, result, textFeatures, layout, null, null, lookups);
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
                    EventLayoutBuilder.build(yaml, labelSchema, labelUses, Set.of(), List.of());
            return new FeatureSpec(
                    events, result, textFeatures, layout, labels, labelLayout, lookups);
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
                for (FeatureDefinition feature : featureParser.features(f, where, location)) {
                    // A text value belongs to no entity's state: it travels beside the vector.
                    (feature.aggregation() == Aggregation.VALUE ? textFeatures : features)
                            .add(feature);
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
}
