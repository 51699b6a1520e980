package io.vigil.jobs.config;

import io.vigil.features.flink.StateLayout;
import io.vigil.features.spec.FeatureOrder;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.schemas.codec.WireFormat;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/** Every setting of the scoring job. Read once, into {@link ScoringJobConfig}. */
public final class ScoringOptions {

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            ConfigOptions.key("vigil.kafka.bootstrap-servers")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Kafka bootstrap servers, host:port[,host:port]. Required.");

    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("vigil.kafka.group-id")
                    .stringType()
                    .defaultValue("vigil-scoring")
                    .withDescription(
                            "Consumer group of the transactions source (offsets are also in"
                                    + " checkpoints).");

    public static final ConfigOption<String> TRANSACTIONS_TOPIC =
            ConfigOptions.key("vigil.topics.transactions")
                    .stringType()
                    .defaultValue("transactions")
                    .withDescription("Topic the transactions are read from.");

    public static final ConfigOption<String> PREDICTIONS_TOPIC =
            ConfigOptions.key("vigil.topics.predictions")
                    .stringType()
                    .defaultValue("predictions")
                    .withDescription("Topic the predictions are written to.");

    public static final ConfigOption<String> DEAD_LETTER_TOPIC =
            ConfigOptions.key("vigil.topics.dead-letters")
                    .stringType()
                    .defaultValue("dead-letters")
                    .withDescription("Topic rejected input records are written to.");

    public static final ConfigOption<WireFormat> TRANSACTIONS_FORMAT =
            ConfigOptions.key("vigil.topics.transactions.format")
                    .enumType(WireFormat.class)
                    .defaultValue(WireFormat.AVRO)
                    .withDescription(
                            "Wire format of the transactions topic: AVRO (the declared schema's"
                                    + " datum, with or without a single-object header) or JSON"
                                    + " (plain JSON or Avro's JSON encoding, both read).");

    public static final ConfigOption<WireFormat> PREDICTIONS_FORMAT =
            ConfigOptions.key("vigil.topics.predictions.format")
                    .enumType(WireFormat.class)
                    .defaultValue(WireFormat.AVRO)
                    .withDescription(
                            "Wire format of the predictions topic: AVRO (single-object encoding),"
                                    + " JSON (plain) or AVRO_JSON (Avro's JSON encoding); readers"
                                    + " accept all three.");

    public static final ConfigOption<WireFormat> DEAD_LETTER_FORMAT =
            ConfigOptions.key("vigil.topics.dead-letters.format")
                    .enumType(WireFormat.class)
                    .defaultValue(WireFormat.AVRO)
                    .withDescription(
                            "Wire format of the dead-letter topic: AVRO (single-object encoding),"
                                    + " JSON (plain) or AVRO_JSON (Avro's JSON encoding); readers"
                                    + " accept all three.");

    public static final ConfigOption<Delivery> DELIVERY =
            ConfigOptions.key("vigil.delivery")
                    .enumType(Delivery.class)
                    .defaultValue(Delivery.EXACTLY_ONCE)
                    .withDescription(
                            "EXACTLY_ONCE (Kafka transactions per checkpoint) or AT_LEAST_ONCE (low"
                                    + " latency, idempotent key; on RocksDB with Flink's changelog"
                                    + " state backend where the TaskManagers keep its log in files:"
                                    + " state.changelog.storage: filesystem).");

    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT =
            ConfigOptions.key("vigil.kafka.transaction-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(15))
                    .withDescription(
                            "Kafka transaction timeout for EXACTLY_ONCE: far above checkpoint"
                                    + " duration plus restart time, at most the broker's"
                                    + " transaction.max.timeout.ms.");

    public static final ConfigOption<String> MODEL_NAME =
            ConfigOptions.key("vigil.model.name")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Registry model whose champion, shadow and canary the job serves;"
                                + " defaults to the name in vigil.model.manifest. One of the two is"
                                + " required.");

    public static final ConfigOption<String> MODEL_PATH =
            ConfigOptions.key("vigil.model.path")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "URI of an ONNX model (file:///..., s3://...) serving as champion until"
                                    + " the registry's champion activates. Optional with"
                                    + " vigil.model.name.");

    public static final ConfigOption<String> MANIFEST_PATH =
            ConfigOptions.key("vigil.model.manifest")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("URI of the manifest of vigil.model.path.");

    public static final ConfigOption<String> FEATURE_SPEC =
            ConfigOptions.key("vigil.features.spec")
                    .stringType()
                    .defaultValue(FeatureSpecs.BUNDLED)
                    .withDescription(
                            "URI of the feature spec (YAML) to compute (file:///..., s3://...); "
                                    + FeatureSpecs.BUNDLED
                                    + " is the card-fraud spec bundled with Vigil.");

    public static final ConfigOption<FeatureOrder> FEATURE_ORDER =
            ConfigOptions.key("vigil.features.order")
                    .enumType(FeatureOrder.class)
                    .defaultValue(FeatureOrder.ARRIVAL)
                    .withDescription(
                            "ARRIVAL applies each entity's events as they arrive (no added"
                                + " latency); EVENT_TIME holds them until the watermark passes so"
                                + " every entity sees event-time order and streaming equals the"
                                + " backfill at any parallelism, at the cost of waiting for the"
                                + " watermark (vigil.watermark.out-of-orderness).");

    public static final ConfigOption<Integer> STATE_FOLD_EVERY =
            ConfigOptions.key("vigil.features.state.fold-every")
                    .intType()
                    .defaultValue(StateLayout.DEFAULT.foldEvery())
                    .withDescription(
                            "An entity's whole feature state is written once every this many of its"
                                + " events where it is not held to the next checkpoint"
                                + " (write-at-checkpoints); the events in between append only what"
                                + " they add (a few dozen bytes), so RocksDB writes and each"
                                + " checkpoint's flush shrink (at-least-once p99 430 -> 249 ms on"
                                + " the bench machine). 1 writes the whole state on every event, as"
                                + " earlier versions did. 1..1000.");

    public static final ConfigOption<Integer> STATE_CACHE_ENTRIES =
            ConfigOptions.key("vigil.features.state.cache-entries")
                    .intType()
                    .defaultValue(StateLayout.DEFAULT.cacheEntries())
                    .withDescription(
                            "Entities whose current feature state each entity stage's subtask"
                                    + " keeps on the heap (least recently used out first): their"
                                    + " events read nothing from RocksDB. Costs about the state's"
                                    + " size, 1-3 KB, per entry of heap, up to twice that many"
                                    + " entries between checkpoints with write-at-checkpoints; 0"
                                    + " turns it off.");

    public static final ConfigOption<Boolean> STATE_WRITE_AT_BARRIERS =
            ConfigOptions.key("vigil.features.state.write-at-checkpoints")
                    .booleanType()
                    .defaultValue(StateLayout.DEFAULT.writeAtBarriers())
                    .withDescription(
                            "A cached entity's changes stay on the heap until the next checkpoint,"
                                + " which writes its whole state once, however many events it had:"
                                + " no RocksDB write per event (a quarter to a third less CPU per"
                                + " transaction on the bench machine). At most cache-entries"
                                + " entities wait so per subtask (they stay cached until written);"
                                + " the others are written per event, as with false. Unless set:"
                                + " true with EXACTLY_ONCE delivery, false with AT_LEAST_ONCE (the"
                                + " writes at each checkpoint would show in its latency tail: p99"
                                + " 67 -> 247 ms at 10,000/s).");

    public static final ConfigOption<String> REGISTRY_TOPIC =
            ConfigOptions.key("vigil.registry.topic")
                    .stringType()
                    .defaultValue("model-events")
                    .withDescription(
                            "Compacted topic of model registry events; the job follows it to swap"
                                    + " models while running.");

    public static final ConfigOption<String> REGISTRY_STORE =
            ConfigOptions.key("vigil.registry.store")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Root of the model artifact store (file:///..., s3://...). Registry"
                                    + " versions are read only from here, by digest: a URI in a"
                                    + " registry event is never read. Required with"
                                    + " vigil.model.name; the monitoring job reads reference"
                                    + " profiles from here (without it, drift is volume only).");

    public static final ConfigOption<Duration> MAX_WAIT =
            ConfigOptions.key("vigil.scoring.max-wait")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "Longest a transaction waits for a model version when no champion is"
                                    + " served at all (before the registry is read, or after"
                                    + " every version failed); then it is dead-lettered NO_MODEL."
                                    + " Transactions older than every champion the job keeps are"
                                    + " scored by the earliest one instead of waiting.");

    public static final ConfigOption<String> ENTITY_KEY_SECRET =
            ConfigOptions.key("vigil.entity-key.secret")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Secret of the HMAC that replaces card numbers, at least 16 bytes. This"
                                + " or vigil.entity-key.secret-file is required; prefer the file (a"
                                + " mounted Secret): a value given here shows in the job's"
                                + " arguments.");

    public static final ConfigOption<String> ENTITY_KEY_SECRET_FILE =
            ConfigOptions.key("vigil.entity-key.secret-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "File holding the HMAC secret (e.g. a mounted Kubernetes Secret);"
                                    + " surrounding whitespace is ignored.");

    public static final ConfigOption<String> KAFKA_PROPERTIES_FILE =
            ConfigOptions.key("vigil.kafka.properties-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Java properties file of Kafka client settings applied to every"
                                + " consumer, producer and admin client of the job, e.g."
                                + " security.protocol, sasl.mechanism and sasl.jaas.config with"
                                + " credentials (a mounted Kubernetes Secret). Settings Vigil needs"
                                + " for its guarantees (isolation level, transactions) cannot be"
                                + " overridden.");

    public static final ConfigOption<Integer> BATCH_SIZE =
            ConfigOptions.key("vigil.scoring.batch-size")
                    .intType()
                    .defaultValue(64)
                    .withDescription("Most transactions scored by one ONNX Runtime call.");

    public static final ConfigOption<Duration> BATCH_TIMEOUT =
            ConfigOptions.key("vigil.scoring.batch-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMillis(2))
                    .withDescription("Longest a transaction waits for its micro-batch to fill.");

    public static final ConfigOption<MemorySize> MAX_RECORD_SIZE =
            ConfigOptions.key("vigil.input.max-record-size")
                    .memoryType()
                    .defaultValue(MemorySize.parse("1mb"))
                    .withDescription(
                            "Largest transaction record decoded (at most 64 mb); a larger one is"
                                    + " dead-lettered OVERSIZED with its first 256 KiB and its"
                                    + " size. Compressed batches let records past the broker's"
                                    + " message limit, so this is Vigil's own bound.");

    public static final ConfigOption<Duration> MAX_FUTURE_SKEW =
            ConfigOptions.key("vigil.input.max-future-skew")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription(
                            "Transactions whose event time is further than this ahead of the wall"
                                    + " clock are dead-lettered.");

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
            ConfigOptions.key("vigil.watermark.out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription("How far behind the latest event time the watermark trails.");

    public static final ConfigOption<Duration> IDLENESS =
            ConfigOptions.key("vigil.watermark.idleness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "A partition without events for this long stops holding back the"
                                    + " watermark.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key("vigil.checkpoint.interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription(
                            "Checkpoint interval; with EXACTLY_ONCE, predictions become visible at"
                                    + " this pace.");

    public static final ConfigOption<String> CHECKPOINT_DIRECTORY =
            ConfigOptions.key("vigil.checkpoint.directory")
                    .stringType()
                    .defaultValue("file:///tmp/vigil/checkpoints")
                    .withDescription("Where checkpoints are stored (file://, s3://).");

    public static final ConfigOption<StateBackend> STATE_BACKEND =
            ConfigOptions.key("vigil.state.backend")
                    .enumType(StateBackend.class)
                    .defaultValue(StateBackend.ROCKSDB)
                    .withDescription("ROCKSDB or HASHMAP.");

    public static final ConfigOption<Duration> LOW_LATENCY_BUFFER_TIMEOUT =
            ConfigOptions.key("vigil.at-least-once.buffer-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMillis(5))
                    .withDescription("Network buffer timeout used with AT_LEAST_ONCE.");

    private ScoringOptions() {}
}
