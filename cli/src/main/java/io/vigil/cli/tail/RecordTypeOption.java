package io.vigil.cli.tail;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --type}, for commands on a topic of Vigil's records named otherwise (a picocli mixin). */
final class RecordTypeOption {

    @Option(
            names = "--type",
            paramLabel = "T",
            description =
                    "Record type: Prediction, DeadLetter, Transaction, TransactionLabel,"
                            + " ModelEvent, DriftStats, PerformanceStats or RetrainRequest.")
    String type;

    /** The record type of {@code topic}: the one --type names, else by the topic's name. */
    TopicTypes of(CommandSpec spec, String topic) {
        return TopicTypes.resolve(spec, topic, type);
    }
}
