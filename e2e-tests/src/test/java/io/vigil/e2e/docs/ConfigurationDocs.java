package io.vigil.e2e.docs;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.util.TimeUtils;

/**
 * Renders {@code docs/configuration.md} from the option classes, as Flink generates its own
 * configuration reference: one table per component, every option with its default, type and
 * description.
 */
final class ConfigurationDocs {

    private ConfigurationDocs() {}

    /** The page for {@code components}: title to the option classes it takes. */
    static String render(Map<String, List<Class<?>>> components) {
        StringBuilder page = new StringBuilder();
        page.append("# Configuration\n\n")
                .append(
                        "<!-- Generated from the option classes by ConfigurationDocsTest: do not"
                                + " edit. Regenerate with\n")
                .append(
                        "     VIGIL_WRITE_DOCS=1 mvn -B -pl e2e-tests test"
                                + " -Dtest=ConfigurationDocsTest  (after mvn install). -->\n\n")
                .append(
                        "Every option is a Flink configuration key: give it as `--key value` to a"
                                + " job or the retrainer,\n")
                .append(
                        "or in the FlinkDeployment's arguments. Durations are written as Flink's"
                                + " options take them\n")
                .append(
                        "(`500 ms`, `30 s`, `5 min`, `6 h`, `30 d`). Options are validated once at"
                                + " startup; a mistake\n")
                .append("names every option to fix.\n");
        components.forEach(
                (title, holders) -> {
                    page.append("\n## ").append(title).append("\n\n");
                    page.append("| Key | Default | Type | Description |\n|---|---|---|---|\n");
                    for (Class<?> holder : holders) {
                        for (ConfigOption<?> option : options(holder)) {
                            page.append("| `")
                                    .append(option.key())
                                    .append("` | ")
                                    .append(defaultOf(option))
                                    .append(" | ")
                                    .append(typeOf(option))
                                    .append(" | ")
                                    .append(description(option))
                                    .append(" |\n");
                        }
                    }
                });
        return page.toString();
    }

    /** The public static options of {@code holder}, in declaration order. */
    static List<ConfigOption<?>> options(Class<?> holder) {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Field field : holder.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && Modifier.isPublic(field.getModifiers())
                    && ConfigOption.class.isAssignableFrom(field.getType())) {
                try {
                    options.add((ConfigOption<?>) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return options;
    }

    static String description(ConfigOption<?> option) {
        return new HtmlFormatter()
                .format(option.description())
                .replace("|", "\\|")
                .replace("\n", " ");
    }

    private static String defaultOf(ConfigOption<?> option) {
        if (!option.hasDefaultValue()) {
            return "(none)";
        }
        Object value = option.defaultValue();
        String text =
                value instanceof Duration d
                        ? TimeUtils.formatWithHighestUnit(d)
                        : String.valueOf(value);
        return "`" + text + "`";
    }

    private static String typeOf(ConfigOption<?> option) {
        Object value = option.hasDefaultValue() ? option.defaultValue() : null;
        if (value instanceof Enum<?> e) {
            StringBuilder values = new StringBuilder("Enum: ");
            Object[] constants = e.getDeclaringClass().getEnumConstants();
            for (int i = 0; i < constants.length; i++) {
                values.append(i == 0 ? "" : ", ").append('`').append(constants[i]).append('`');
            }
            return values.toString();
        }
        return value == null ? "String" : value.getClass().getSimpleName();
    }
}
