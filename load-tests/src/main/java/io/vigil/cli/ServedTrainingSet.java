package io.vigil.cli;

import io.vigil.jobs.backfill.BackfillInput;
import io.vigil.jobs.backfill.ServedTrainingSetJob;
import io.vigil.jobs.backfill.TrainingRow;
import io.vigil.jobs.config.KafkaAccess;
import io.vigil.loadtest.harness.LocalFlink;
import io.vigil.schemas.codec.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** {@code ./vigil features served}: a training set from the served-feature log (predictions) joined to labels. */
final class ServedTrainingSet {

    private ServedTrainingSet() {}

    static int run(CliArguments args) throws Exception {
        String output = args.string("output", null);
        if (output == null) {
            throw new UsageException("--output FILE.csv|FILE.avro is required");
        }
        List<String> columns = SpecFiles.load(args.string("spec", null)).spec().featureNames();
        Duration window = args.duration("since", Duration.ofDays(3650));
        KafkaAccess kafka = KafkaArguments.read(args);
        String predictions = args.string("predictions", "predictions");
        WireFormat format = WireFormat.valueOf(args.string("format", "AVRO").toUpperCase(Locale.ROOT));
        BackfillInput labels;
        try {
            labels = new BackfillInput(List.of(), args.string("labels", "labels"), FeatureBackfill.list(args.string("label-files", "")));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        args.rejectUnknown();
        ServedTrainingSetJob job = new ServedTrainingSetJob(kafka, predictions, format, labels, columns, Instant.now().minus(window), null);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(LocalFlink.configuration(new Configuration()));
        long rows = 0;
        long labelled = 0;
        try (TrainingSetWriter out = TrainingSetWriter.open(Path.of(output), columns)) {
            Iterator<TrainingRow> it = job.addTo(env).executeAndCollect("vigil-served-training-set");
            while (it.hasNext()) {
                TrainingRow row = it.next();
                out.write(row);
                rows++;
                labelled += row.label < 0 ? 0 : 1;
            }
        }
        System.out.printf("wrote %,d served rows (%,d labelled) of %d features to %s%n", rows, labelled, columns.size(), output);
        return 0;
    }
}
