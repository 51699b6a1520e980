package io.vigil.cli.features;

import io.vigil.cli.support.KafkaOptions;
import io.vigil.features.spec.FeatureOrder;
import io.vigil.jobs.backfill.BackfillInput;
import io.vigil.jobs.backfill.BackfillJob;
import io.vigil.jobs.config.ScoringJobConfig;
import io.vigil.jobs.config.ScoringOptions;
import io.vigil.jobs.local.LocalFlink;
import io.vigil.schemas.codec.WireFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./vigil features backfill}: a training set from history (topics or files), on a local
 * MiniCluster, as CSV or Avro; rejected records are counted and kept beside it as JSON lines.
 */
@Command(
        name = "backfill",
        description = {
            "Build a training set by computing the spec over history.",
            "Reads the whole transactions topic, or files (Flink batch mode, the job's own decoding"
                    + " and feature code) and joins the labels: one row per valid transaction,"
                    + " transactionId,eventTime,<features...>,label (1 fraud, 0 genuine, empty when"
                    + " unlabelled). Records the job would dead-letter are left out, counted, and"
                    + " listed in OUTPUT.rejected.jsonl (where each is and why; not its bytes,"
                    + " which may hold card numbers)."
        })
final class FeatureBackfill implements Callable<Integer> {

    @Parameters(paramLabel = "SPEC.yaml")
    Path spec;

    @Spec CommandSpec command;

    @Mixin TrainingSetOutput output;

    @Mixin KafkaOptions kafka;

    @Option(
            names = "--transactions",
            paramLabel = "T",
            defaultValue = "transactions",
            description = "Transactions topic (default: ${DEFAULT-VALUE}).")
    String transactionsTopic;

    @Option(
            names = "--format",
            paramLabel = "F",
            defaultValue = "AVRO",
            description =
                    "Wire format of the transactions topic: ${COMPLETION-CANDIDATES} (default:"
                            + " ${DEFAULT-VALUE}).")
    WireFormat format;

    @Option(
            names = "--transaction-files",
            paramLabel = "P",
            split = ",",
            description =
                    "Events from files instead: Avro container files (.avro) of the spec's"
                            + " events schema, or JSON lines (.jsonl, plain or Avro JSON); a"
                            + " directory reads all.")
    List<String> transactionFiles = List.of();

    @Option(
            names = "--order",
            paramLabel = "O",
            defaultValue = "ARRIVAL",
            description =
                    "${COMPLETION-CANDIDATES}, as the scoring job's vigil.features.order (default:"
                            + " ${DEFAULT-VALUE}).")
    FeatureOrder order;

    private picocli.CommandLine spec() {
        return command.commandLine();
    }

    @Override
    public Integer call() throws Exception {
        Configuration conf = new Configuration();
        conf.set(ScoringOptions.BOOTSTRAP_SERVERS, kafka.bootstrap());
        if (kafka.propertiesFile() != null) {
            conf.set(ScoringOptions.KAFKA_PROPERTIES_FILE, kafka.propertiesFile());
        }
        conf.set(ScoringOptions.TRANSACTIONS_TOPIC, transactionsTopic);
        conf.set(ScoringOptions.TRANSACTIONS_FORMAT, format);
        conf.set(ScoringOptions.FEATURE_ORDER, order);
        BackfillInput input;
        try {
            input = new BackfillInput(transactionFiles, output.labelsTopic, output.labelFiles);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec(), e.getMessage());
        }
        conf.set(ScoringOptions.FEATURE_SPEC, spec.toAbsolutePath().toUri().toString());
        // The backfill reads no model; entity keys only need to be consistent within this run.
        conf.set(ScoringOptions.MODEL_NAME, "backfill");
        conf.set(ScoringOptions.REGISTRY_STORE, "file:///vigil-backfill-reads-no-model");
        conf.set(ScoringOptions.ENTITY_KEY_SECRET, UUID.randomUUID().toString());
        conf.set(ScoringOptions.GROUP_ID, "vigil-backfill-" + UUID.randomUUID());
        ScoringJobConfig config;
        try {
            config = ScoringJobConfig.fromConfiguration(conf);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec(),
                    e.getMessage()); // every setting here comes from this command's arguments
        }
        List<String> topics = new ArrayList<>();
        if (transactionFiles.isEmpty()) {
            topics.add(transactionsTopic);
        }
        if (output.labelFiles.isEmpty()) {
            topics.add(output.labelsTopic);
        }
        if (!topics.isEmpty()) {
            kafka.requireTopics(topics);
        }
        BackfillJob job = new BackfillJob(config, input);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(LocalFlink.configuration(conf));
        long[] rows = new long[2];
        Map<String, Long> rejectedByReason = new ConcurrentSkipListMap<>();
        Path rejectsFile = Path.of(output.file + ".rejected.jsonl");
        Files.deleteIfExists(rejectsFile);
        try (TrainingSetWriter out =
                        TrainingSetWriter.open(
                                output.file, job.featureNames(), job.textFeatureNames());
                RejectedRecords rejects = new RejectedRecords(rejectsFile)) {
            job.run(
                    env,
                    "vigil-backfill",
                    row -> {
                        out.writeUnchecked(row);
                        rows[0]++;
                        rows[1] += row.label < 0 ? 0 : 1;
                    },
                    deadLetter -> {
                        rejectedByReason.merge(deadLetter.getReasonCode(), 1L, Long::sum);
                        rejects.write(deadLetter);
                    });
        }
        System.out.printf(
                "wrote %,d rows (%,d labelled) of %d features to %s%n",
                rows[0], rows[1], job.featureNames().size(), output.file);
        if (!rejectedByReason.isEmpty()) {
            System.out.printf(
                    "left out %,d rejected records %s; they are in %s%n",
                    rejectedByReason.values().stream().mapToLong(Long::longValue).sum(),
                    rejectedByReason,
                    rejectsFile);
        }
        return 0;
    }
}
