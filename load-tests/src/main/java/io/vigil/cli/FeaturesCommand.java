package io.vigil.cli;

import io.vigil.features.spec.EntitySpec;
import io.vigil.features.spec.FeatureDefinition;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecException;
import io.vigil.features.spec.FeatureSpecParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code ./vigil features validate SPEC}: checks a feature spec and says what it declares. */
final class FeaturesCommand implements Command {

    @Override
    public String summary() {
        return "feature specs: validate a spec, backfill a training set from history, or build one from served features";
    }

    @Override
    public String usage() {
        return """
                Usage: ./vigil features validate SPEC.yaml
                  Prints each entity and feature the spec declares, or every mistake as file:line: what is wrong
                  (exit status 1). Format: README, "Feature specs"; example: features/src/main/resources/specs/card-fraud.yaml.
                Usage: ./vigil features backfill SPEC.yaml --output training.csv|training.avro [options]
                  Computes the spec over history (the whole transactions topic, or files; Flink batch mode, the
                  job's own decoding and feature code) and joins the labels: one CSV row per valid transaction,
                  transactionId,eventTime,<features...>,label (1 fraud, 0 genuine, empty when unlabelled);
                  an .avro output is an Avro container file with the same columns (label null when unlabelled).
                  Records the job would dead-letter are left out, counted, and written to OUTPUT.rejected.jsonl.
                """ + KafkaArguments.USAGE + """
                  --transactions T         transactions topic (default transactions)
                  --format F               wire format of the transactions topic, AVRO or JSON (default AVRO)
                  --transaction-files P,.. transactions from files instead: Avro container files (.avro) of
                                           Transaction records, or Avro JSON lines (.jsonl); a directory reads all
                  --labels L               labels topic (default labels)
                  --label-files P,..       labels from files instead (.avro or .jsonl of TransactionLabel)
                  --order O                ARRIVAL or EVENT_TIME, as the scoring job's vigil.features.order (default ARRIVAL)
                Usage: ./vigil features served --output training.csv|training.avro [options]
                  A training set from the served-feature log: every prediction carries the feature vector the
                  model saw, so rows hold exactly what was served (no recomputation), joined to the labels that
                  arrived since. One row per transaction, same columns as backfill.
                  --spec FILE              feature columns, in order (default: the bundled card-fraud spec)
                  --since D                only transactions of the last D (e.g. 7d; default all)
                """ + KafkaArguments.USAGE + """
                  --predictions T          predictions topic (default predictions), --format AVRO|JSON (default AVRO)
                  --labels L | --label-files P,..   labels topic (default labels) or files (.avro, .jsonl)
                """;
    }

    @Override
    public int run(CliArguments args) throws Exception {
        if (args.positional().size() == 1 && args.positional().get(0).equals("served")) {
            return ServedTrainingSet.run(args);
        }
        if (args.positional().size() != 2 || !List.of("validate", "backfill").contains(args.positional().get(0))) {
            throw new UsageException("usage: features validate|backfill SPEC.yaml, or features served --output FILE");
        }
        Path file = Path.of(args.positional().get(1));
        if (args.positional().get(0).equals("backfill")) {
            return FeatureBackfill.run(file, args);
        }
        args.rejectUnknown();
        FeatureSpec spec;
        try {
            spec = FeatureSpecParser.parse(Files.readString(file), file.toString());
        } catch (FeatureSpecException e) {
            e.problems().forEach(System.err::println);
            System.err.println(e.problems().size() + " problem(s) in " + file);
            return 1;
        }
        for (EntitySpec entity : spec.entities()) {
            System.out.printf("entity %s (key %s%s)%n", entity.name(), entity.key(), entity.hashed() ? ", hashed" : "");
            for (FeatureDefinition f : entity.features()) {
                System.out.printf("  %-28s %s%s%s%s%n", f.name(), f.aggregation().specName(),
                        f.field() == null ? "" : "(" + f.field() + ")",
                        f.window() == null ? "" : " over " + f.window().toString().substring(2).toLowerCase(java.util.Locale.ROOT),
                        f.filter() == null ? "" : " where " + f.filter().field() + " in " + f.filter().values());
            }
        }
        System.out.printf("%s is valid: %d entities, %d features%n", file, spec.entities().size(), spec.featureNames().size());
        return 0;
    }
}
