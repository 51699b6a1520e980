package io.vigil.cli;

import io.vigil.schemas.DeadLetter;
import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.Transaction;
import io.vigil.schemas.TransactionLabel;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.RecordDecodingException;
import io.vigil.schemas.codec.WireFormat;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** {@code ./vigil tail TOPIC}: prints a topic's records as JSON lines, card numbers masked. */
final class TailCommand implements Command {

    @Override
    public String summary() {
        return "print a topic's records readably (predictions, dead-letters, transactions, labels, model-events)";
    }

    @Override
    public String usage() {
        return """
                Usage: ./vigil tail TOPIC [options]
                  TOPIC               predictions, dead-letters, transactions, labels or model-events (or any topic with --type)
                  --type T            record type: Prediction, DeadLetter, Transaction, TransactionLabel or ModelEvent
                  --bootstrap H:P     broker (default: the running demo's, else 127.0.0.1:9092)
                  --kafka-properties F  Kafka client settings of a secured cluster (security.protocol, sasl.*, ssl.*)
                  --format F          AVRO or JSON (default AVRO)
                  --from-beginning    start at the earliest record instead of the newest
                  --max N             stop after N records (default: run until Ctrl-C)
                  --idle-timeout D    stop after no record for D, e.g. 10s (default: never)
                Reads with isolation.level=read_committed, as analysts should.
                """;
    }

    @Override
    public int run(CliArguments args) throws Exception {
        if (args.positional().size() != 1) {
            throw new UsageException("name one topic");
        }
        String topic = args.positional().get(0);
        String typeName = args.string("type", null); // the default only when not given: any topic may take --type
        Class<? extends SpecificRecord> type = recordType(typeName != null ? typeName : defaultType(topic));
        Properties kafka = KafkaArguments.read(args).properties();
        WireFormat format = WireFormat.valueOf(args.string("format", "AVRO").toUpperCase(java.util.Locale.ROOT));
        boolean fromBeginning = args.flag("from-beginning");
        long max = args.integer("max", Integer.MAX_VALUE);
        Duration idleTimeout = args.duration("idle-timeout", null);
        args.rejectUnknown();
        tail(topic, type, kafka, format, fromBeginning, max, idleTimeout);
        return 0;
    }

    private static <T extends SpecificRecord> void tail(String topic, Class<T> type, Properties kafka, WireFormat format,
            boolean fromBeginning, long max, Duration idleTimeout) {
        RecordCodec<T> codec = format.codec(type);
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "vigil-tail-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long printed = 0;
        long lastRecord = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (printed < max) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                    System.out.println(render(codec, record.value()));
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
            return masked(codec.decode(value)).toString();
        } catch (RecordDecodingException e) {
            return "{\"undecodable\": \"" + e.getMessage().replace('"', '\'') + "\", \"bytes\": " + (value == null ? 0 : value.length) + "}";
        }
    }

    /** Card numbers never reach a terminal in clear: transactions are masked, dead letters' bytes withheld. */
    static Object masked(SpecificRecord record) {
        if (record instanceof Transaction t) {
            String card = t.getCardNumber();
            String mask = card.length() > 10 ? card.substring(0, 6) + "*".repeat(card.length() - 10) + card.substring(card.length() - 4) : "****";
            return Transaction.newBuilder(t).setCardNumber(mask).build();
        }
        if (record instanceof DeadLetter d) {
            int length = d.getOriginalBytes().remaining();
            return DeadLetter.newBuilder(d).setOriginalBytes(ByteBuffer.allocate(0)).build()
                    .toString().replace("\"originalBytes\": \"\"", "\"originalBytes\": \"<" + length + " bytes withheld>\"");
        }
        return record;
    }

    private static String defaultType(String topic) {
        return switch (topic) {
            case "predictions" -> "Prediction";
            case "dead-letters" -> "DeadLetter";
            case "transactions" -> "Transaction";
            case "labels" -> "TransactionLabel";
            case "model-events" -> "ModelEvent";
            default -> throw new UsageException("cannot tell the record type of topic '" + topic + "': add --type");
        };
    }

    private static Class<? extends SpecificRecord> recordType(String name) {
        return switch (name) {
            case "Prediction" -> Prediction.class;
            case "DeadLetter" -> DeadLetter.class;
            case "Transaction" -> Transaction.class;
            case "TransactionLabel" -> TransactionLabel.class;
            case "ModelEvent" -> ModelEvent.class;
            default -> throw new UsageException("unknown --type " + name);
        };
    }
}
