package io.vigil.cli.tail;

import io.vigil.schemas.DeadLetter;
import io.vigil.schemas.DriftStats;
import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.PerformanceStats;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.RetrainRequest;
import io.vigil.schemas.SegmentStats;
import io.vigil.schemas.Transaction;
import io.vigil.schemas.TransactionLabel;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The record type of each Vigil topic, by its default name, and every type by its schema name. */
enum TopicTypes {
    PREDICTION("predictions", Prediction.class),
    DEAD_LETTER("dead-letters", DeadLetter.class),
    TRANSACTION("transactions", Transaction.class),
    TRANSACTION_LABEL("labels", TransactionLabel.class),
    MODEL_EVENT("model-events", ModelEvent.class),
    DRIFT_STATS("drift-stats", DriftStats.class),
    PERFORMANCE_STATS("performance-stats", PerformanceStats.class),
    SEGMENT_STATS("segment-stats", SegmentStats.class),
    RETRAIN_REQUEST("retrain-requests", RetrainRequest.class);

    final String defaultTopic;
    final Class<? extends SpecificRecord> type;

    TopicTypes(String defaultTopic, Class<? extends SpecificRecord> type) {
        this.defaultTopic = defaultTopic;
        this.type = type;
    }

    /** The type of a topic with its default name. */
    static Optional<TopicTypes> ofTopic(String topic) {
        for (TopicTypes t : values()) {
            if (t.defaultTopic.equals(topic)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * The type named by {@code type} ({@code --type}) if given, else the type of {@code topic} by
     * its default name.
     *
     * @throws ParameterException naming the types when neither tells one
     */
    static TopicTypes resolve(CommandSpec spec, String topic, String type) {
        if (type != null) {
            TopicTypes named = byRecordName().get(type);
            if (named == null) {
                throw new ParameterException(
                        spec.commandLine(),
                        "unknown --type " + type + "; one of " + byRecordName().keySet());
            }
            return named;
        }
        return ofTopic(topic)
                .orElseThrow(
                        () ->
                                new ParameterException(
                                        spec.commandLine(),
                                        "cannot tell the record type of topic '"
                                                + topic
                                                + "': add --type, one of "
                                                + byRecordName().keySet()));
    }

    /** Every type by its record name, for {@code --type}. */
    static Map<String, TopicTypes> byRecordName() {
        Map<String, TopicTypes> names = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (TopicTypes t : values()) {
            names.put(t.type.getSimpleName(), t);
        }
        return names;
    }
}
