package io.vigil.cli.tail;

import com.fasterxml.jackson.databind.node.TextNode;
import io.vigil.cli.support.KafkaOptions;
import io.vigil.cli.support.SpecFiles;
import io.vigil.schemas.DeadLetter;
import io.vigil.schemas.Transaction;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.RecordDecodingException;
import io.vigil.schemas.codec.WireFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./vigil tail TOPIC}: prints a topic's records as JSON lines, card numbers masked. */
@Command(
        name = "tail",
        description = {
            "Print a topic's records as JSON lines.",
            "The record type follows from the topic's name (predictions, dead-letters,"
                + " transactions, labels, model-events, drift-stats, performance-stats,"
                + " segment-stats, retrain-requests), or from --type for a topic named otherwise."
                + " Reads committed records only (isolation.level=read_committed), as analysts"
                + " should; card numbers are masked and dead letters' original bytes withheld. With"
                + " --spec, the topic holds that spec's events, printed with its sensitive fields"
                + " masked."
        })
public final class TailCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "TOPIC")
    String topic;

    @Mixin KafkaOptions kafka;

    @Mixin RecordTypeOption recordType;

    @Option(
            names = "--format",
            paramLabel = "F",
            defaultValue = "AVRO",
            description =
                    "Format of a --spec topic's events: ${COMPLETION-CANDIDATES} (default:"
                            + " ${DEFAULT-VALUE}). Vigil's own topics are read in whichever format"
                            + " each record was written.")
    WireFormat format;

    @Option(
            names = "--from-beginning",
            description = "Start at the earliest record instead of the newest.")
    boolean fromBeginning;

    @Option(
            names = "--max",
            paramLabel = "N",
            description = "Stop after N records (default: run until Ctrl-C).")
    long max = Long.MAX_VALUE;

    @Option(
            names = "--spec",
            paramLabel = "SPEC.yaml",
            description =
                    "The topic holds this spec's events, in the team's own schema: printed with"
                            + " the spec's sensitive fields masked.")
    Path specFile;

    @Option(
            names = "--idle-timeout",
            paramLabel = "D",
            description = "Stop after no record for D, e.g. 10s (default: never).")
    Duration idleTimeout;

    @Override
    public Integer call() throws IOException {
        if (specFile != null) {
            SpecEvents events = new SpecEvents(SpecFiles.load(specFile.toString()).spec(), format);
            kafka.requireTopics(List.of(topic));
            tail(events::render);
            return 0;
        }
        TopicTypes type = recordType.of(spec, topic);
        kafka.requireTopics(List.of(topic));
        RecordCodec<? extends SpecificRecord> codec = format.codec(type.type);
        tail(value -> render(codec, value));
        return 0;
    }

    /** Prints each record's rendering until --max or --idle-timeout. */
    private void tail(Function<byte[], String> rendering) {
        Properties props = kafka.access().properties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "vigil-tail-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        long printed = 0;
        long lastRecord = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (printed < max) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(250))) {
                    System.out.println(rendering.apply(record.value()));
                    lastRecord = System.nanoTime();
                    if (++printed >= max) {
                        break;
                    }
                }
                if (idleTimeout != null && System.nanoTime() - lastRecord > idleTimeout.toNanos()) {
                    break;
                }
            }
        }
    }

    private static <T extends SpecificRecord> String render(RecordCodec<T> codec, byte[] value) {
        try {
            return masked(codec.decode(value));
        } catch (RecordDecodingException e) {
            return "{\"undecodable\": "
                    + TextNode.valueOf(e.getMessage())
                    + ", \"bytes\": "
                    + (value == null ? 0 : value.length)
                    + "}";
        }
    }

    /**
     * Card numbers never reach a terminal in clear: transactions are masked, dead letters' bytes
     * withheld.
     */
    static String masked(SpecificRecord record) {
        if (record instanceof Transaction t) {
            String card = t.getCardNumber();
            String mask =
                    card.length() > 10
                            ? card.substring(0, 6)
                                    + "*".repeat(card.length() - 10)
                                    + card.substring(card.length() - 4)
                            : "****";
            return JsonLines.line(Transaction.newBuilder(t).setCardNumber(mask).build());
        }
        if (record instanceof DeadLetter d) {
            var node = JsonLines.node(d);
            node.put("originalBytes", "<" + d.getOriginalBytes().remaining() + " bytes withheld>");
            return node.toString();
        }
        return JsonLines.line(record);
    }
}
