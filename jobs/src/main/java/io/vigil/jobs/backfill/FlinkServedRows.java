package io.vigil.jobs.backfill;

import io.vigil.modelops.retraining.ServedRows;
import io.vigil.schemas.codec.WireFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Served rows for the retrainer, by running {@link ServedTrainingSetJob} (batch) on the Flink
 * environment {@code flink} configures (a local MiniCluster unless it names a cluster).
 */
public final class FlinkServedRows implements ServedRows {

    private final String bootstrapServers;
    private final String predictionsTopic;
    private final WireFormat predictionsFormat;
    private final String labelsTopic;
    private final Configuration flink;

    public FlinkServedRows(String bootstrapServers, String predictionsTopic, WireFormat predictionsFormat, String labelsTopic,
            Configuration flink) {
        this.bootstrapServers = bootstrapServers;
        this.predictionsTopic = predictionsTopic;
        this.predictionsFormat = predictionsFormat;
        this.labelsTopic = labelsTopic;
        this.flink = flink;
    }

    @Override
    public List<LabelledRow> labelledSince(String model, List<String> features, Instant since) throws Exception {
        ServedTrainingSetJob job = new ServedTrainingSetJob(bootstrapServers, predictionsTopic, predictionsFormat,
                BackfillInput.topics(labelsTopic), features, since, model);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        List<LabelledRow> rows = new ArrayList<>();
        try (CloseableIterator<TrainingRow> it = job.addTo(env).executeAndCollect("vigil-retrainer-training-set")) {
            while (it.hasNext()) {
                TrainingRow row = it.next();
                if (row.label >= 0) {
                    rows.add(new LabelledRow(row.transactionId, row.eventTime, row.features, row.label == 1, Double.NaN));
                }
            }
        }
        rows.sort(Comparator.comparingLong(LabelledRow::eventTime).thenComparing(LabelledRow::transactionId));
        return rows;
    }
}
