package io.vigil.cli;

import io.vigil.jobs.config.KafkaAccess;

/**
 * How a command reaches Kafka: {@code --bootstrap H:P} and {@code --kafka-properties FILE}, the
 * client settings of a secured cluster (the same file as the jobs' {@code vigil.kafka.properties-file}).
 */
final class KafkaArguments {

    /** The two options' usage lines, for commands' help texts. */
    static final String USAGE = """
              --bootstrap H:P          broker (default: the running demo's, else 127.0.0.1:9092)
              --kafka-properties F     Kafka client settings (security.protocol, sasl.*, ssl.*), as the jobs'
                                       vigil.kafka.properties-file
            """;

    private KafkaArguments() {}

    static String bootstrap(CliArguments args) {
        return args.string("bootstrap", DemoCommand.runningDemoBootstrap().orElse("127.0.0.1:9092"));
    }

    /** The file given with {@code --kafka-properties}, or null. */
    static String propertiesFile(CliArguments args) {
        return args.string("kafka-properties", null);
    }

    static KafkaAccess read(CliArguments args) {
        try {
            return KafkaAccess.load(bootstrap(args), propertiesFile(args));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--kafka-properties: " + e.getMessage());
        }
    }
}
