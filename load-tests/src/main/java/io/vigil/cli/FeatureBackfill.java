package io.vigil.cli;

import io.vigil.features.spec.FeatureOrder;
import io.vigil.jobs.backfill.BackfillInput;
import io.vigil.jobs.backfill.BackfillJob;
import io.vigil.jobs.config.ScoringJobConfig;
import io.vigil.jobs.config.ScoringOptions;
import io.vigil.loadtest.harness.LocalFlink;
import io.vigil.schemas.codec.WireFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code ./vigil features backfill}: a training set from history (topics or files), on a local
 * MiniCluster, as CSV or Avro; rejected records are counted and kept beside it as JSON lines.
 */
final class FeatureBackfill {

    private FeatureBackfill() {}

    static int run(Path spec, CliArguments args) throws Exception {
        String output = args.string("output", null);
        if (output == null) {
            throw new UsageException("--output FILE.csv|FILE.avro is required");
        }
        Configuration conf = new Configuration();
        conf.set(ScoringOptions.BOOTSTRAP_SERVERS, KafkaArguments.bootstrap(args));
        String kafkaProperties = KafkaArguments.propertiesFile(args);
        if (kafkaProperties != null) {
            conf.set(ScoringOptions.KAFKA_PROPERTIES_FILE, kafkaProperties);
        }
        conf.set(ScoringOptions.TRANSACTIONS_TOPIC, args.string("transactions", "transactions"));
        conf.set(ScoringOptions.TRANSACTIONS_FORMAT, WireFormat.valueOf(args.string("format", "AVRO").toUpperCase(Locale.ROOT)));
        conf.set(ScoringOptions.FEATURE_ORDER, FeatureOrder.valueOf(args.string("order", "ARRIVAL").toUpperCase(Locale.ROOT)));
        BackfillInput input;
        try {
            input = new BackfillInput(list(args.string("transaction-files", "")), args.string("labels", "labels"),
                    list(args.string("label-files", "")));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        args.rejectUnknown();
        conf.set(ScoringOptions.FEATURE_SPEC, spec.toAbsolutePath().toUri().toString());
        // The backfill reads no model; entity keys only need to be consistent within this run.
        conf.set(ScoringOptions.MODEL_NAME, "backfill");
        conf.set(ScoringOptions.ENTITY_KEY_SECRET, UUID.randomUUID().toString());
        conf.set(ScoringOptions.GROUP_ID, "vigil-backfill-" + UUID.randomUUID());
        ScoringJobConfig config;
        try {
            config = ScoringJobConfig.fromConfiguration(conf);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage()); // every setting here comes from this command's arguments
        }
        BackfillJob job = new BackfillJob(config, input);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(LocalFlink.configuration(conf));
        long[] rows = new long[2];
        Map<String, Long> rejectedByReason = new ConcurrentSkipListMap<>();
        Path rejectsFile = Path.of(output + ".rejected.jsonl");
        Files.deleteIfExists(rejectsFile);
        try (TrainingSetWriter out = TrainingSetWriter.open(Path.of(output), job.featureNames());
                RejectedRecords rejects = new RejectedRecords(rejectsFile)) {
            job.run(env, "vigil-backfill", row -> {
                out.writeUnchecked(row);
                rows[0]++;
                rows[1] += row.label < 0 ? 0 : 1;
            }, deadLetter -> {
                rejectedByReason.merge(deadLetter.getReasonCode(), 1L, Long::sum);
                rejects.write(deadLetter);
            });
        }
        System.out.printf("wrote %,d rows (%,d labelled) of %d features to %s%n", rows[0], rows[1], job.featureNames().size(), output);
        if (!rejectedByReason.isEmpty()) {
            System.out.printf("left out %,d rejected records %s; they are in %s%n",
                    rejectedByReason.values().stream().mapToLong(Long::longValue).sum(), rejectedByReason, rejectsFile);
        }
        return 0;
    }

    /** The comma-separated items of an option value; none when blank. */
    static List<String> list(String commaSeparated) {
        return commaSeparated.isBlank() ? List.of() : Arrays.stream(commaSeparated.split(",")).map(String::trim).toList();
    }
}
