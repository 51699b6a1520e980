package io.vigil.cli.features;

import io.vigil.features.spec.EntitySpec;
import io.vigil.features.spec.FeatureDefinition;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecException;
import io.vigil.features.spec.FeatureSpecParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./vigil features ...}: check a feature spec, and build training sets with it. */
@Command(
        name = "features",
        description =
                "Feature specs: validate a spec, backfill a training set from history, or build one"
                        + " from the features that were served.",
        subcommands = {FeatureBackfill.class, ServedTrainingSet.class})
public final class FeaturesCommand {

    @Command(
            name = "validate",
            description = {
                "Check a feature spec and print what it declares.",
                "Prints each entity and feature, or every mistake as file:line: what is wrong (exit"
                        + " status 1). Example: features/src/main/resources/specs/card-fraud.yaml."
            })
    int validate(@Parameters(paramLabel = "SPEC.yaml") Path file) throws IOException {
        FeatureSpec spec;
        try {
            spec = FeatureSpecParser.parse(Files.readString(file), file.toString());
        } catch (FeatureSpecException e) {
            e.problems().forEach(System.err::println);
            System.err.println(e.problems().size() + " problem(s) in " + file);
            return 1;
        }
        System.out.printf(
                "events %s: id %s, time %s; %d fields used, %d hashed%n",
                spec.events().schemaLocation(),
                spec.events().idField(),
                spec.events().timeField(),
                spec.layout().slots().size(),
                spec.layout().slots().stream().filter(s -> s.sensitive()).count());
        for (EntitySpec entity : spec.entities()) {
            boolean hashed =
                    entity.keys().stream().anyMatch(k -> spec.layout().slot(k).sensitive());
            System.out.printf(
                    "entity %s (key %s%s)%n",
                    entity.name(), String.join(" + ", entity.keys()), hashed ? ", hashed" : "");
            for (FeatureDefinition f : entity.features()) {
                System.out.printf(
                        "  %-28s %s%s%s%s%n",
                        f.name(),
                        f.aggregation().specName(),
                        f.field() == null ? "" : "(" + f.field() + ")",
                        f.window() == null
                                ? ""
                                : " over "
                                        + f.window()
                                                .toString()
                                                .substring(2)
                                                .toLowerCase(Locale.ROOT),
                        f.filter() == null ? "" : " where " + f.filter().describe());
            }
        }
        System.out.printf(
                "%s is valid: %d entities, %d features%n",
                file, spec.entities().size(), spec.featureNames().size());
        return 0;
    }
}
