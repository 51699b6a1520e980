package io.vigil.cli.features;

import io.vigil.cli.support.KafkaOptions;
import io.vigil.cli.support.SpecFiles;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.jobs.backfill.BackfillInput;
import io.vigil.jobs.backfill.ServedTrainingSetJob;
import io.vigil.jobs.backfill.TrainingRow;
import io.vigil.jobs.local.LocalFlink;
import io.vigil.schemas.codec.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./vigil features served}: a training set from the served-feature log (predictions) joined
 * to labels.
 */
@Command(
        name = "served",
        description = {
            "Build a training set from the features that were served.",
            "Every prediction carries the feature vector the model saw, so rows hold exactly what"
                + " was served (no recomputation), joined to the labels that arrived since. One row"
                + " per transaction, the same columns as backfill."
        })
final class ServedTrainingSet implements Callable<Integer> {

    @Spec CommandSpec command;

    @Mixin TrainingSetOutput output;

    @Mixin KafkaOptions kafka;

    @Option(
            names = "--spec",
            paramLabel = "FILE",
            description = "Feature columns, in order (default: the bundled card-fraud spec).")
    Path spec;

    @Option(
            names = "--since",
            paramLabel = "D",
            description = "Only transactions of the last D, e.g. 7d (default: all).")
    Duration since;

    @Option(
            names = "--predictions",
            paramLabel = "T",
            defaultValue = "predictions",
            description = "Predictions topic (default: ${DEFAULT-VALUE}).")
    String predictionsTopic;

    @Option(
            names = "--format",
            paramLabel = "F",
            defaultValue = "AVRO",
            description =
                    "Wire format of the predictions topic: ${COMPLETION-CANDIDATES} (default:"
                            + " ${DEFAULT-VALUE}).")
    WireFormat format;

    private picocli.CommandLine spec() {
        return command.commandLine();
    }

    @Override
    public Integer call() throws Exception {
        FeatureSpec loaded = SpecFiles.load(spec == null ? null : spec.toString()).spec();
        List<String> columns = loaded.featureNames();
        Instant from = since == null ? Instant.EPOCH : Instant.now().minus(since);
        BackfillInput labels;
        try {
            labels = new BackfillInput(List.of(), output.labelsTopic, output.labelFiles);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec(), e.getMessage());
        }
        List<String> topics = new ArrayList<>(List.of(predictionsTopic));
        if (output.labelFiles.isEmpty()) {
            topics.add(output.labelsTopic);
        }
        kafka.requireTopics(topics);
        ServedTrainingSetJob job =
                new ServedTrainingSetJob(
                        kafka.access(),
                        predictionsTopic,
                        format,
                        labels,
                        columns,
                        from,
                        null,
                        loaded,
                        null);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        LocalFlink.configuration(new Configuration()));
        long rows = 0;
        long labelled = 0;
        try (TrainingSetWriter out =
                TrainingSetWriter.open(output.file, columns, loaded.textFeatureNames())) {
            Iterator<TrainingRow> it =
                    job.addTo(env).executeAndCollect("vigil-served-training-set");
            while (it.hasNext()) {
                TrainingRow row = it.next();
                out.write(row);
                rows++;
                labelled += row.label < 0 ? 0 : 1;
            }
        }
        System.out.printf(
                "wrote %,d served rows (%,d labelled) of %d features to %s%n",
                rows, labelled, columns.size(), output.file);
        return 0;
    }
}
