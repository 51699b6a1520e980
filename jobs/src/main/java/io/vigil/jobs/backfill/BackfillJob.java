package io.vigil.jobs.backfill;

import io.vigil.features.engine.FeaturizedEvent;
import io.vigil.features.events.Event;
import io.vigil.features.flink.StateLayout;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.jobs.config.ScoringJobConfig;
import io.vigil.jobs.decode.DecodeFunction;
import io.vigil.jobs.decode.RawRecord;
import io.vigil.jobs.files.FileLayout;
import io.vigil.jobs.files.TransactionFileFormat;
import io.vigil.jobs.kafka.KafkaConnectors;
import io.vigil.jobs.scoring.FeatureStages;
import io.vigil.schemas.DeadLetter;
import io.vigil.schemas.codec.WireFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Builds a training set from history: transactions (a bounded range of the topic as it is now, or
 * files), the same decoding and the same feature stages as ScoringJob, in Flink's batch mode,
 * joined to labels (a topic or files) by transaction id. Records ScoringJob would dead-letter are
 * left out of the rows and come out of {@link Output#rejected()}.
 */
public final class BackfillJob {

    private final ScoringJobConfig config;
    private final BackfillInput input;

    public BackfillJob(ScoringJobConfig config, BackfillInput input) {
        this.config = config;
        this.input = input;
    }

    /** What the backfill produces: one row per valid transaction, and the records it rejected. */
    public record Output(DataStream<TrainingRow> rows, DataStream<DeadLetter> rejected) {}

    /** Adds the job to {@code env} (set to batch mode). */
    public Output addTo(StreamExecutionEnvironment env) {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        // Batch mode keeps one key's state at a time: nothing to save by deltas or a cache.
        FeatureStages features =
                FeatureStages.of(
                        config.featureSpec(), config.featureOrder(), StateLayout.WHOLE_VALUE);
        SingleOutputStreamOperator<Event> events =
                transactions(env, features.spec().layout().schemaJson())
                        .process(
                                new DecodeFunction(
                                        features.spec(),
                                        transactionFormat(),
                                        config.entityKeySecret(),
                                        config.maxFutureSkew(),
                                        config.maxRecordBytes()))
                        .name("decode transactions");
        DataStream<FeaturizedEvent> featurized =
                features.addTo(
                        events.assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Event>forMonotonousTimestamps()
                                        .withTimestampAssigner(
                                                (event, previous) -> event.eventTime)));
        DataStream<TrainingRow> rows =
                featurized
                        .map(TrainingRow::of)
                        .name("rows")
                        .connect(
                                LabelSources.history(
                                        env,
                                        config.kafka(),
                                        config.groupId() + "-backfill-labels",
                                        input,
                                        features.spec()))
                        .keyBy(event -> event.transactionId, label -> label.getTransactionId())
                        .process(new LabelJoinFunction())
                        .name("join labels");
        return new Output(rows, events.getSideOutput(DecodeFunction.DEAD_LETTERS));
    }

    /**
     * Runs the backfill on {@code env} and hands every row and every rejected record to the
     * consumers (rejections on another thread, so neither output can stall the other); returns when
     * the job has finished.
     *
     * @throws Exception when the job fails, with Flink's cause
     */
    public void run(
            StreamExecutionEnvironment env,
            String jobName,
            Consumer<TrainingRow> rows,
            Consumer<DeadLetter> rejected)
            throws Exception {
        Output output = addTo(env);
        CloseableIterator<TrainingRow> rowIterator = output.rows().collectAsync();
        CloseableIterator<DeadLetter> rejectedIterator = output.rejected().collectAsync();
        JobClient job = env.executeAsync(jobName);
        CompletableFuture<Void> rejections =
                CompletableFuture.runAsync(() -> rejectedIterator.forEachRemaining(rejected));
        try (rowIterator;
                rejectedIterator) {
            rowIterator.forEachRemaining(rows);
            rejections.get();
            job.getJobExecutionResult().get();
        }
    }

    /** Names of the feature columns, in row order. */
    public List<String> featureNames() {
        return FeatureSpecs.load(config.featureSpec()).featureNames();
    }

    /** Names of the text feature columns, which follow the numeric ones. */
    public List<String> textFeatureNames() {
        return FeatureSpecs.load(config.featureSpec()).textFeatureNames();
    }

    private WireFormat transactionFormat() {
        return input.transactionFiles().isEmpty()
                ? config.transactionsFormat()
                : FileLayout.of(input.transactionFiles()).wireFormat();
    }

    /**
     * @param schemaJson the events' schema, which container files' records are resolved against
     */
    private DataStream<RawRecord> transactions(StreamExecutionEnvironment env, String schemaJson) {
        if (input.transactionFiles().isEmpty()) {
            return env.fromSource(
                    KafkaConnectors.transactionsHistory(config),
                    WatermarkStrategy.noWatermarks(),
                    "transactions");
        }
        FileSource<RawRecord> files =
                FileSource.forRecordStreamFormat(
                                new TransactionFileFormat(
                                        FileLayout.of(input.transactionFiles()), schemaJson),
                                FileLayout.paths(input.transactionFiles()))
                        .build();
        return env.fromSource(files, WatermarkStrategy.noWatermarks(), "transaction files");
    }
}
