package io.vigil.jobs.scoring;

import io.vigil.features.engine.FeaturizedEvent;
import io.vigil.features.events.Event;
import io.vigil.jobs.config.JobArguments;
import io.vigil.jobs.config.ScoringJobConfig;
import io.vigil.jobs.decode.DecodeFunction;
import io.vigil.jobs.kafka.AvroRecordSerializer;
import io.vigil.jobs.kafka.KafkaConnectors;
import io.vigil.jobs.kafka.RequiredTopics;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.modelops.registry.ModelEvents;
import io.vigil.modelops.serving.ModelServingOperator;
import io.vigil.modelops.serving.ServingConfig;
import io.vigil.schemas.DeadLetter;
import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.codec.AvroLimits;
import io.vigil.schemas.codec.WireFormat;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * Scores events (card transactions by default; any schema a spec declares) in real time:
 *
 * <pre>
 * transactions (Kafka) -> decode + validate -> keyBy(entity key) -> entity features (keyed state),
 *   one stage per entity -> last entity's features + ONNX scoring (chained; micro-batched; models
 *   swapped by registry events) -> predictions (Kafka)
 *        \-> rejected records -> dead letters (Kafka)
 * model events (Kafka, broadcast to the last stage) --^  \-> rejected models -> model events
 * </pre>
 *
 * <p>Run it with {@code --vigil.kafka.bootstrap-servers ... --vigil.model.path ...} and the other
 * options of {@link io.vigil.jobs.config.ScoringOptions}; Flink options may be given the same way.
 */
public final class ScoringJob {

    public static final String NAME = "vigil-scoring";

    private final ScoringJobConfig config;

    public ScoringJob(ScoringJobConfig config) {
        this.config = config;
    }

    public static void main(String[] args) throws Exception {
        AvroLimits.install();
        Configuration arguments = JobArguments.toConfiguration(args);
        ScoringJobConfig config = ScoringJobConfig.fromConfiguration(arguments);
        RequiredTopics.check(
                config.kafka(),
                List.of(
                        config.transactionsTopic(),
                        config.predictionsTopic(),
                        config.deadLetterTopic(),
                        config.registryTopic()));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        config.flinkConfiguration(arguments));
        new ScoringJob(config).addTo(env);
        env.execute(NAME);
    }

    /** Adds the job's sources, operators and sinks to {@code env}. */
    public void addTo(StreamExecutionEnvironment env) {
        FeatureStages features =
                FeatureStages.of(
                        config.featureSpec(), config.featureOrder(), config.featureState());
        SingleOutputStreamOperator<Event> events =
                env.fromSource(
                                KafkaConnectors.transactionsSource(config),
                                WatermarkStrategy.noWatermarks(),
                                "transactions")
                        .uid(Uids.TRANSACTIONS_SOURCE)
                        .process(
                                new DecodeFunction(
                                        features.spec(),
                                        config.transactionsFormat(),
                                        config.entityKeySecret(),
                                        config.maxFutureSkew(),
                                        config.maxRecordBytes()))
                        .uid(Uids.DECODE)
                        .name("decode transactions");
        DataStream<DeadLetter> deadLetters = events.getSideOutput(DecodeFunction.DEAD_LETTERS);

        DataStream<ModelEvent> modelEvents =
                env.fromSource(
                                KafkaConnectors.modelEventsSource(config),
                                WatermarkStrategy.noWatermarks(),
                                "model events")
                        .uid(Uids.MODEL_EVENTS_SOURCE)
                        .setParallelism(1);

        DataStream<Either<FeaturizedEvent, ModelEvent>> featurized =
                features.addTo(
                        events.assignTimestampsAndWatermarks(
                                        WatermarkStrategy.<Event>forBoundedOutOfOrderness(
                                                        config.outOfOrderness())
                                                .withTimestampAssigner(
                                                        (event, previous) -> event.eventTime)
                                                .withIdleness(config.idleness()))
                                .name("event time"),
                        modelEvents);

        SingleOutputStreamOperator<Prediction> predictions =
                featurized
                        .transform(
                                "score",
                                new AvroTypeInfo<>(Prediction.class),
                                new ModelServingOperator(
                                        new ServingConfig(
                                                config.modelName(),
                                                config.model(),
                                                config.registryStore() == null
                                                        ? null
                                                        : new ArtifactStore(config.registryStore()),
                                                features.columns(),
                                                config.batchSize(),
                                                config.batchTimeout(),
                                                config.maxWait(),
                                                config.transactionsTopic())))
                        .uid(Uids.SCORING);
        predictions
                .getSideOutput(ModelServingOperator.REJECTIONS)
                .sinkTo(
                        KafkaConnectors.sink(
                                config,
                                new AvroRecordSerializer<>(
                                        config.registryTopic(),
                                        ModelEvent.class,
                                        WireFormat.AVRO,
                                        ModelEvents::key),
                                "model-rejections"))
                .uid(Uids.MODEL_REJECTIONS_SINK)
                .name("model rejections");

        predictions
                .sinkTo(
                        KafkaConnectors.sink(
                                config,
                                new AvroRecordSerializer<>(
                                        config.predictionsTopic(),
                                        Prediction.class,
                                        config.predictionsFormat(),
                                        Prediction::getTransactionId),
                                "predictions"))
                .uid(Uids.PREDICTIONS_SINK)
                .name("predictions");
        deadLetters
                .union(predictions.getSideOutput(ModelServingOperator.DEAD_LETTERS))
                .map(new DeadLettersByReason())
                .uid(Uids.DEAD_LETTER_COUNT)
                .name("dead letters by reason")
                .sinkTo(
                        KafkaConnectors.sink(
                                config,
                                new AvroRecordSerializer<>(
                                        config.deadLetterTopic(),
                                        DeadLetter.class,
                                        config.deadLetterFormat(),
                                        d -> null),
                                "dead-letters"))
                .uid(Uids.DEAD_LETTER_SINK)
                .name("dead letters");
    }
}
