package io.vigil.loadtest.baseline;

import io.vigil.features.events.Event;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.jobs.config.ScoringJobConfig;
import io.vigil.jobs.decode.DecodeFunction;
import io.vigil.jobs.kafka.AvroRecordSerializer;
import io.vigil.jobs.kafka.KafkaConnectors;
import io.vigil.schemas.Decision;
import io.vigil.schemas.Prediction;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The baseline the scoring job is measured against: the same Kafka source, decoding, keyBy, record
 * types and sink as ScoringJob, but no features and no model. The cost of Vigil's own work is the
 * difference between the two.
 */
public final class PassthroughJob {

    public static final String NAME = "vigil-passthrough";

    private PassthroughJob() {}

    public static void addTo(StreamExecutionEnvironment env, ScoringJobConfig config) {
        FeatureSpec spec = FeatureSpecs.load(config.featureSpec());
        int key = spec.layout().slot(spec.entities().get(0).keys().get(0)).index();
        writePredictions(
                decoded(env, config, spec, "passthrough").keyBy(event -> event.texts[key]),
                config,
                "passthrough");
    }

    /**
     * Kafka source and Vigil's decoding, as ScoringJob reads transactions; uids start with {@code
     * name}.
     */
    static DataStream<Event> decoded(
            StreamExecutionEnvironment env,
            ScoringJobConfig config,
            FeatureSpec spec,
            String name) {
        return env.fromSource(
                        KafkaConnectors.transactionsSource(config),
                        WatermarkStrategy.noWatermarks(),
                        "transactions")
                .uid(name + "-source")
                .process(
                        new DecodeFunction(
                                spec,
                                config.transactionsFormat(),
                                config.entityKeySecret(),
                                config.maxFutureSkew(),
                                config.maxRecordBytes()))
                .uid(name + "-decode");
    }

    /**
     * A prediction-shaped record per event, to the predictions topic with the configured delivery;
     * uids start with {@code name}.
     */
    static void writePredictions(DataStream<Event> events, ScoringJobConfig config, String name) {
        events.map(PassthroughJob::prediction)
                .returns(new AvroTypeInfo<>(Prediction.class))
                .uid(name + "-map")
                .sinkTo(
                        KafkaConnectors.sink(
                                config,
                                new AvroRecordSerializer<>(
                                        config.predictionsTopic(),
                                        Prediction.class,
                                        config.predictionsFormat(),
                                        Prediction::getTransactionId),
                                "predictions"))
                .uid(name + "-sink");
    }

    /** A prediction with no score: the same record type and size class as the real job's output. */
    static Prediction prediction(Event event) {
        return Prediction.newBuilder()
                .setTransactionId(event.id)
                .setEntityKey(event.texts[0])
                .setEventTime(Instant.ofEpochMilli(event.eventTime))
                .setModelName("passthrough")
                .setModelVersion("0")
                .setScore(0)
                .setDecision(Decision.ALLOW)
                .setThreshold(1)
                .setFeatures(Map.of())
                .setScoringLatencyMicros(0)
                .setScoredAt(Instant.now())
                .build();
    }
}
