package io.vigil.features.spec;

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
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads one entity's feature declarations: name, aggregation, field, window, filter, the location
 * fields of {@code geo_velocity} and the vocabulary of {@code one_hot} (which becomes one {@code
 * matches} feature per value). Feature names are unique across the spec; the fields read go to the
 * schema check.
 */
final class FeatureDefinitionParser {

    static final Duration SHORTEST_WINDOW = Duration.ofSeconds(1);
    static final Duration LONGEST_WINDOW = Duration.ofDays(90);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h|d)");

    /** A name every consumer takes as a column: CSV, Avro, SQL, a model manifest. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final Set<String> FEATURE_KEYS =
            Set.of(
                    "name",
                    "aggregation",
                    "field",
                    "window",
                    "filter",
                    "latitude",
                    "longitude",
                    "vocabulary");

    private final SpecYaml yaml;
    private final List<FieldUse> uses;
    private final Set<String> featureNames = new HashSet<>();

    FeatureDefinitionParser(SpecYaml yaml, List<FieldUse> uses) {
        this.yaml = yaml;
        this.uses = uses;
    }

    /**
     * The features one declaration defines (several for {@code one_hot}; none after reporting why
     * it cannot be read).
     *
     * @param location the entity's latitude and longitude fields: set by its first geo_velocity
     *     feature, checked against by the others
     */
    List<FeatureDefinition> features(Node node, String entity, String[] location) {
        if (!(node instanceof MappingNode map)) {
            yaml.problem(
                    SpecYaml.line(node),
                    entity + ": a feature is a mapping with name and aggregation");
            return List.of();
        }
        Map<String, Node> f = yaml.entries(map, FEATURE_KEYS, entity + " feature");
        String name = yaml.text(f.get("name"), map, entity + " feature", "name");
        String where = "feature '" + name + "' of " + entity;
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
        if (aggregation == Aggregation.VALUE && f.containsKey("filter")) {
            yaml.problem(
                    SpecYaml.line(f.get("filter")),
                    where + ": value takes no filter: it is the current event's value");
        }
        int line = SpecYaml.line(map);
        if (aggregation == Aggregation.ONE_HOT || f.containsKey("vocabulary")) {
            return oneHot(name, aggregation, field, filter, f, map, where);
        }
        unique(name, line, where);
        return List.of(new FeatureDefinition(name, aggregation, field, window, filter, line));
    }

    /**
     * {@code one_hot} of a field over a vocabulary: a feature {@code <name>_<value>} per value, 1
     * when the event's field has that value (and passes the filter, if any), else 0; a value
     * outside the vocabulary (or absent) gives 0 everywhere.
     */
    private List<FeatureDefinition> oneHot(
            String name,
            Aggregation aggregation,
            String field,
            FeatureFilter filter,
            Map<String, Node> f,
            Node map,
            String where) {
        int line = SpecYaml.line(map);
        if (aggregation != Aggregation.ONE_HOT) {
            yaml.problem(
                    SpecYaml.line(f.get("vocabulary")),
                    where + ": 'vocabulary' belongs to one_hot features only");
            return List.of();
        }
        Set<String> vocabulary = new LinkedHashSet<>();
        for (String value : yaml.scalars(f.get("vocabulary"))) {
            if (value == null || value.isBlank() || !vocabulary.add(value.trim())) {
                yaml.problem(
                        SpecYaml.line(f.get("vocabulary")),
                        where + ": the vocabulary lists distinct values, e.g. [ONLINE, POS]");
            }
        }
        if (vocabulary.isEmpty()) {
            yaml.problem(
                    SpecYaml.line(f.getOrDefault("vocabulary", map)),
                    where + ": one_hot needs a vocabulary, e.g. vocabulary: [ONLINE, POS, ATM]");
            return List.of();
        }
        if (name == null || field == null) {
            return List.of();
        }
        List<FeatureDefinition> columns = new ArrayList<>();
        for (String value : vocabulary) {
            FeatureFilter equals = new EventFilter(field, Set.of(value));
            FeatureFilter condition =
                    filter == null ? equals : new FilterGroup(true, List.of(equals, filter));
            // Spaces, dashes and the like become underscores: the name must stay a column name.
            String column = name + "_" + value.replaceAll("[^A-Za-z0-9_]", "_");
            unique(column, line, where);
            columns.add(
                    new FeatureDefinition(
                            column, Aggregation.MATCHES, null, null, condition, line));
        }
        return columns;
    }

    private void unique(String name, int line, String where) {
        if (name != null && !NAME.matcher(name).matches()) {
            yaml.problem(
                    line,
                    where
                            + ": a feature name is letters, digits and underscores, not starting"
                            + " with a digit (it becomes a column in training sets and SQL)");
        } else if (name != null && !featureNames.add(name)) {
            String which = where.startsWith("feature '" + name + "'") ? "the name" : name;
            yaml.problem(
                    line,
                    where
                            + ": "
                            + which
                            + " is used twice (feature names are unique across the spec)");
        }
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
