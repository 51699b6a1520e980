package io.vigil.retrainer;

import io.vigil.features.spec.FeatureSpec;
import io.vigil.jobs.backfill.BackfillInput;
import io.vigil.jobs.backfill.ServedScores;
import io.vigil.jobs.backfill.ServedTrainingSetJob;
import io.vigil.jobs.backfill.TrainingRowFiles;
import io.vigil.jobs.config.KafkaAccess;
import io.vigil.modelops.monitoring.Segmenter;
import io.vigil.schemas.codec.WireFormat;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;

/**
 * Served rows for the retrainer, by running {@link ServedTrainingSetJob} (batch) on the Flink
 * environment {@code flink} configures (a local MiniCluster), through files in a temporary
 * directory ({@link TrainingRowFiles}). Labels are read in the shape the spec's labels section
 * declares (Vigil's {@code TransactionLabel} without one).
 */
public final class FlinkServedRows implements ServedRows {

    private final KafkaAccess kafka;
    private final String predictionsTopic;
    private final WireFormat predictionsFormat;
    private final String labelsTopic;
    private final Configuration flink;
    private final FeatureSpec spec;
    private final Segmenter segmenter;
    private final Instant notWrittenBefore;

    /**
     * @param notWrittenBefore when not null, predictions written (Kafka timestamp) before it are
     *     never read, e.g. history replayed before the served rows can matter
     */
    public FlinkServedRows(
            KafkaAccess kafka,
            String predictionsTopic,
            WireFormat predictionsFormat,
            String labelsTopic,
            FeatureSpec spec,
            Configuration flink,
            Instant notWrittenBefore) {
        this.notWrittenBefore = notWrittenBefore;
        this.kafka = kafka;
        this.predictionsTopic = predictionsTopic;
        this.predictionsFormat = predictionsFormat;
        this.labelsTopic = labelsTopic;
        this.spec = spec;
        this.flink = flink;
        this.segmenter =
                new Segmenter(spec.events() == null ? List.of() : spec.events().segments());
    }

    @Override
    public String[] segmentNames() {
        return segmenter.names();
    }

    /** The carried fields of a row by path. */
    private Map<String, String> carried(String[] values) {
        List<String> fields = spec.events() == null ? List.of() : spec.events().carried();
        Map<String, String> byField = new HashMap<>();
        for (int i = 0; i < values.length && i < fields.size(); i++) {
            byField.put(fields.get(i), values[i]);
        }
        return byField;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private static Served served(ServedScores scores) {
        return scores == null
                ? null
                : new Served(
                        scores.modelVersion,
                        scores.servedBy,
                        scores.score,
                        scores.threshold,
                        scores.shadowVersion,
                        scores.shadowScore);
    }

    @Override
    public List<LabelledRow> labelledSince(String model, List<String> features, Instant since)
            throws Exception {
        return labelledSince(model, features, since, null);
    }

    @Override
    public List<LabelledRow> labelledSince(
            String model, List<String> features, Instant since, Instant writtenAfter)
            throws Exception {
        ServedTrainingSetJob job =
                new ServedTrainingSetJob(
                        kafka,
                        predictionsTopic,
                        predictionsFormat,
                        BackfillInput.topics(labelsTopic),
                        features,
                        since,
                        model,
                        spec,
                        later(writtenAfter, notWrittenBefore));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        List<LabelledRow> rows = new ArrayList<>();
        java.nio.file.Path directory = Files.createTempDirectory("vigil-served-rows-");
        try {
            TrainingRowFiles.run(
                    env,
                    job.addTo(env),
                    "vigil-retrainer-training-set",
                    new Path(directory.toUri()),
                    row -> {
                        if (row.label >= 0) {
                            rows.add(
                                    new LabelledRow(
                                            row.transactionId,
                                            row.eventTime,
                                            row.features,
                                            row.label == 1,
                                            row.served == null ? Double.NaN : row.served.amount,
                                            segmenter.valuesOf(carried(row.carried)),
                                            served(row.served)));
                        }
                    });
        } finally {
            FileUtils.deleteDirectory(directory.toFile());
        }
        rows.sort(
                Comparator.comparingLong(LabelledRow::eventTime)
                        .thenComparing(LabelledRow::transactionId));
        return rows;
    }
}
