package io.vigil.jobs.backfill;

import io.vigil.features.spec.FeatureSpec;
import io.vigil.jobs.config.KafkaAccess;
import io.vigil.jobs.kafka.KafkaConnectors;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.codec.WireFormat;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A training set from what was served: the predictions topic (each prediction carries the feature
 * vector the model saw) joined by transaction id to the labels that arrived since, in Flink's batch
 * mode. Nothing is recomputed, so there is no training/serving skew by construction. A transaction
 * predicted more than once (at-least-once delivery) gives one row.
 *
 * @param kafka the brokers and client settings (security) for both topics
 * @param columns feature columns of the rows, in order (e.g. the spec's or a model's features); the
 *     spec's text features follow them
 * @param since earliest event time to include
 * @param model only predictions of this model; null for all
 * @param spec whose labels section says what a label on the topic is (Vigil's {@code
 *     TransactionLabel} without one)
 * @param writtenAfter when not null, predictions written (Kafka timestamp) before it are not read:
 *     a bound in wall-clock time that saves reading old history (e.g. the start of a shadow trial)
 */
public record ServedTrainingSetJob(
        KafkaAccess kafka,
        String predictionsTopic,
        WireFormat predictionsFormat,
        BackfillInput labels,
        List<String> columns,
        Instant since,
        String model,
        FeatureSpec spec,
        Instant writtenAfter) {

    /** Adds the job to {@code env} (set to batch mode) and returns its rows. */
    public DataStream<TrainingRow> addTo(StreamExecutionEnvironment env) {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        KafkaSource<Prediction> predictions =
                writtenAfter == null
                        ? KafkaConnectors.history(
                                kafka,
                                predictionsTopic,
                                "vigil-served-training-set",
                                Prediction.class,
                                predictionsFormat)
                        : KafkaConnectors.historyWrittenAfter(
                                kafka,
                                predictionsTopic,
                                "vigil-served-training-set",
                                Prediction.class,
                                predictionsFormat,
                                writtenAfter);
        DataStream<TrainingRow> served =
                env.fromSource(predictions, WatermarkStrategy.noWatermarks(), "predictions")
                        .flatMap(
                                new ServedFeatures(
                                        columns,
                                        spec.textFeatureNames(),
                                        spec.events() == null ? List.of() : spec.events().carried(),
                                        since.toEpochMilli(),
                                        model))
                        .name("served features");
        return served.connect(
                        LabelSources.history(env, kafka, "vigil-served-training-set", labels, spec))
                .keyBy(event -> event.transactionId, label -> label.getTransactionId())
                .process(new LabelJoinFunction())
                .name("join labels");
    }
}
