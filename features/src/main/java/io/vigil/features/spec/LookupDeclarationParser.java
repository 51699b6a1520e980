package io.vigil.features.spec;

import io.vigil.features.lookup.LookupFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the {@code lookups} section of a spec: each table's name, file, key column, the event field
 * matched against it, the columns events get (number or text) and how often the file is checked.
 * The file's header (or Avro schema) must hold the key and every column.
 */
final class LookupDeclarationParser {

    static final Duration DEFAULT_RELOAD = Duration.ofMinutes(1);
    private static final Set<String> KEYS =
            Set.of("name", "file", "key", "on", "columns", "reload");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h)");

    private final SpecYaml yaml;
    private final List<FieldUse> uses;

    LookupDeclarationParser(SpecYaml yaml, List<FieldUse> uses) {
        this.yaml = yaml;
        this.uses = uses;
    }

    /** The declared tables (those too broken to use are left out; the problems say why). */
    List<LookupDeclaration> parse(Node node) {
        List<LookupDeclaration> lookups = new ArrayList<>();
        if (!(node instanceof SequenceNode list)) {
            yaml.problem(
                    SpecYaml.line(node),
                    "'lookups' is a list of tables: [{name, file, key, on, columns}]");
            return lookups;
        }
        Set<String> names = new HashSet<>();
        for (Node item : list.getValue()) {
            LookupDeclaration lookup = lookup(item);
            if (lookup != null && !names.add(lookup.name())) {
                yaml.problem(lookup.line(), "lookup '" + lookup.name() + "' is declared twice");
            } else if (lookup != null) {
                lookups.add(lookup);
            }
        }
        return lookups;
    }

    private LookupDeclaration lookup(Node node) {
        Map<String, Node> l =
                yaml.section(
                        node,
                        KEYS,
                        "lookups",
                        "a list of mappings with name, file, key, on and columns");
        if (l == null) {
            return null;
        }
        String name = yaml.text(l.get("name"), node, "lookup", "name");
        String where = "lookup '" + name + "'";
        int line = SpecYaml.line(node);
        if (name != null && !NAME.matcher(name).matches()) {
            yaml.problem(line, where + ": a name is letters, digits and underscores");
        }
        String file = yaml.text(l.get("file"), node, where, "file");
        String key = yaml.text(l.get("key"), node, where, "key");
        String on = yaml.field(l.get("on"), node, where, "on", FieldUse.Need.ANY, uses);
        LinkedHashMap<String, FieldType> columns = columns(l.get("columns"), node, where);
        Duration reload = l.containsKey("reload") ? reload(l.get("reload"), where) : DEFAULT_RELOAD;
        if (name == null || file == null || key == null || on == null || columns.isEmpty()) {
            return null;
        }
        String location = SchemaSources.resolve(file, yaml.source()).toString();
        try {
            List<String> header = LookupFile.header(location);
            List<String> needed = new ArrayList<>(columns.keySet());
            needed.add(0, key);
            for (String column : needed) {
                if (!header.contains(column)) {
                    yaml.problem(
                            SpecYaml.line(l.get(column.equals(key) ? "key" : "columns")),
                            where
                                    + ": "
                                    + location
                                    + " has no column '"
                                    + column
                                    + "'; its columns: "
                                    + header);
                }
            }
        } catch (IllegalArgumentException e) {
            yaml.problem(SpecYaml.line(l.get("file")), where + ": " + e.getMessage());
        }
        return new LookupDeclaration(name, location, key, on, columns, reload, line);
    }

    /** {@code columns: {risk_group: text, risk_score: number}}. */
    private LinkedHashMap<String, FieldType> columns(Node node, Node parent, String where) {
        LinkedHashMap<String, FieldType> columns = new LinkedHashMap<>();
        if (!(node instanceof MappingNode map) || map.getValue().isEmpty()) {
            yaml.problem(
                    SpecYaml.line(node == null ? parent : node),
                    where
                            + ": 'columns' maps each column events get to number or text, e.g."
                            + " {risk_group: text, risk_score: number}");
            return columns;
        }
        for (NodeTuple tuple : map.getValue()) {
            String column = SpecYaml.scalar(tuple.getKeyNode());
            String type = SpecYaml.scalar(tuple.getValueNode());
            if ("number".equals(type)) {
                columns.put(column, FieldType.DECIMAL_NUMBER);
            } else if ("text".equals(type)) {
                columns.put(column, FieldType.STRING);
            } else {
                yaml.problem(
                        SpecYaml.line(tuple.getValueNode()),
                        where + ": column '" + column + "' is number or text (was " + type + ")");
            }
        }
        return columns;
    }

    private Duration reload(Node node, String where) {
        String value = SpecYaml.scalar(node);
        Matcher m = value == null ? null : DURATION.matcher(value.trim());
        if (m == null || !m.matches() || Long.parseLong(m.group(1)) == 0) {
            yaml.problem(
                    SpecYaml.line(node),
                    where + ": reload '" + value + "' is a duration like 30s, 5m or 1h");
            return DEFAULT_RELOAD;
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }
}
