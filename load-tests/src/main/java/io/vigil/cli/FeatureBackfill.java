package io.vigil.cli;

import io.vigil.jobs.backfill.BackfillJob;
import io.vigil.jobs.backfill.TrainingRow;
import io.vigil.jobs.config.ScoringJobConfig;
import io.vigil.jobs.config.ScoringOptions;
import io.vigil.loadtest.harness.LocalFlink;
import io.vigil.schemas.codec.WireFormat;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** {@code ./vigil features backfill}: a training set from history, on a local MiniCluster, as CSV or Avro. */
final class FeatureBackfill {

    private FeatureBackfill() {}

    static int run(Path spec, CliArguments args) throws Exception {
        String output = args.string("output", null);
        if (output == null) {
            throw new UsageException("--output FILE.csv is required");
        }
        Configuration conf = new Configuration();
        conf.set(ScoringOptions.BOOTSTRAP_SERVERS, args.string("bootstrap", DemoCommand.runningDemoBootstrap().orElse("127.0.0.1:9092")));
        conf.set(ScoringOptions.TRANSACTIONS_TOPIC, args.string("transactions", "transactions"));
        conf.set(ScoringOptions.TRANSACTIONS_FORMAT, WireFormat.valueOf(args.string("format", "AVRO").toUpperCase(Locale.ROOT)));
        String labels = args.string("labels", "labels");
        args.rejectUnknown();
        conf.set(ScoringOptions.FEATURE_SPEC, spec.toAbsolutePath().toUri().toString());
        // The backfill reads no model; entity keys only need to be consistent within this run.
        conf.set(ScoringOptions.MODEL_NAME, "backfill");
        conf.set(ScoringOptions.ENTITY_KEY_SECRET, UUID.randomUUID().toString());
        conf.set(ScoringOptions.GROUP_ID, "vigil-backfill-" + UUID.randomUUID());
        BackfillJob job = new BackfillJob(ScoringJobConfig.fromConfiguration(conf), labels);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(LocalFlink.configuration(conf));
        long rows = 0;
        long labelled = 0;
        try (TrainingSetWriter out = TrainingSetWriter.open(Path.of(output), job.featureNames())) {
            Iterator<TrainingRow> it = job.addTo(env).executeAndCollect("vigil-backfill");
            while (it.hasNext()) {
                TrainingRow row = it.next();
                out.write(row);
                rows++;
                labelled += row.label < 0 ? 0 : 1;
            }
        }
        System.out.printf("wrote %,d rows (%,d labelled) of %d features to %s%n", rows, labelled, job.featureNames().size(), output);
        return 0;
    }
}
