package io.vigil.loadtest.demo;

import io.vigil.loadtest.demo.dashboard.DashboardState;
import io.vigil.modelops.monitoring.RetrainThresholds;
import io.vigil.schemas.DriftStats;
import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.ModelEventType;
import io.vigil.schemas.PerformanceStats;
import io.vigil.schemas.RetrainRequest;
import io.vigil.schemas.SegmentStats;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.RecordDecodingException;
import io.vigil.schemas.codec.WireFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the drift demo prints about the loop: every drift and performance window, retrain requests
 * and registry changes, each with the wall-clock time and the window's event time; and a summary of
 * how the loop went (drift detected how many windows after the shift, requests, promotion, AUCs).
 */
final class LoopConsole implements Runnable, AutoCloseable {

    private static final DateTimeFormatter WALL = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter EVENT =
            DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RetrainThresholds thresholds;
    private final long windowMs;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final RecordCodec<DriftStats> drift = WireFormat.AVRO.codec(DriftStats.class);
    private final RecordCodec<PerformanceStats> performance =
            WireFormat.AVRO.codec(PerformanceStats.class);
    private final RecordCodec<RetrainRequest> requests =
            WireFormat.AVRO.codec(RetrainRequest.class);
    private final RecordCodec<ModelEvent> events = WireFormat.AVRO.codec(ModelEvent.class);
    private final RecordCodec<SegmentStats> segments = WireFormat.AVRO.codec(SegmentStats.class);
    private final DashboardState dashboard;

    private volatile long shiftAt = Long.MAX_VALUE;
    private volatile DriftStats firstDriftAfterShift;
    private volatile int driftedBeforeShift; // written by the console thread only
    private final List<RetrainRequest> retrainRequests = new ArrayList<>();
    private final List<ModelEvent> promotions = new ArrayList<>();
    private final List<PerformanceStats> performanceWindows = new ArrayList<>();

    /**
     * @param dashboard also shows every record there (with segment statistics, which the console
     *     does not print)
     */
    LoopConsole(
            String bootstrap,
            RetrainThresholds thresholds,
            Duration window,
            DashboardState dashboard) {
        this.dashboard = dashboard;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic :
                List.of(
                        "drift-stats",
                        "performance-stats",
                        "segment-stats",
                        "retrain-requests",
                        "model-events")) {
            consumer.partitionsFor(topic)
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thresholds = thresholds;
        this.windowMs = window.toMillis();
    }

    /** The traffic shifted at this event time. */
    void markShift(long eventTime) {
        shiftAt = eventTime;
        print(
                String.format(
                        "market shift injected at event time %s: spending up, more online,"
                                + " device-ring fraud starts",
                        EVENT.format(Instant.ofEpochMilli(eventTime))));
    }

    @Override
    public void run() {
        while (running.get()) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                try {
                    show(record);
                } catch (RecordDecodingException e) {
                    print("skipped a record on " + record.topic() + ": " + e.getMessage());
                }
            }
        }
    }

    private void show(ConsumerRecord<byte[], byte[]> record) throws RecordDecodingException {
        switch (record.topic()) {
            case "drift-stats" -> show(drift.decode(record.value()));
            case "performance-stats" -> show(performance.decode(record.value()));
            case "segment-stats" -> dashboard.segments(segments.decode(record.value()));
            case "retrain-requests" -> {
                RetrainRequest r = requests.decode(record.value());
                dashboard.request(r);
                synchronized (this) {
                    retrainRequests.add(r);
                }
                print("RETRAIN REQUEST " + r.getRequestId() + ": " + r.getReason());
            }
            default -> show(events.decode(record.value()));
        }
    }

    private void show(DriftStats s) {
        dashboard.drift(s);
        if (s.getScore() == null) {
            return;
        }
        // Judged as the retrain policy judges it: a window with too few predictions (the first
        // live one is partial) is shown but proves nothing.
        boolean drifted =
                s.getPredictions() >= thresholds.minPredictions()
                        && (s.getScore().getPsi() > thresholds.maxScorePsi()
                                || s.getMaxFeaturePsi() != null
                                        && s.getMaxFeaturePsi() > thresholds.maxFeaturePsi());
        if (drifted && firstDriftAfterShift == null && s.getWindowEnd().toEpochMilli() > shiftAt) {
            firstDriftAfterShift = s;
        } else if (drifted && s.getWindowEnd().toEpochMilli() <= shiftAt) {
            driftedBeforeShift++;
        }
        print(
                String.format(
                        Locale.ROOT,
                        "drift  %s %s:%s %,6d predictions, flagged %4.1f%% | score PSI %.2f | max"
                                + " feature PSI %.2f (%s)%s",
                        EVENT.format(s.getWindowStart()),
                        s.getModelName(),
                        s.getModelVersion(),
                        s.getPredictions(),
                        100 * s.getPositiveRate(),
                        s.getScore().getPsi(),
                        s.getMaxFeaturePsi(),
                        s.getMostDriftedFeature(),
                        drifted ? "  << DRIFT" : ""));
    }

    private void show(PerformanceStats s) {
        if (s.getModelName().equals("*")) {
            return;
        }
        dashboard.performance(s);
        synchronized (this) {
            performanceWindows.add(s);
        }
        if (s.getAuc() == null) {
            return;
        }
        print(
                String.format(
                        Locale.ROOT,
                        "labels %s %s:%s %,6d matured, %,4d fraud | AUC %.3f | recall %s |"
                                + " precision %s | fraud caught %,.0f missed %,.0f",
                        EVENT.format(s.getWindowStart()),
                        s.getModelName(),
                        s.getModelVersion(),
                        s.getLabelled(),
                        s.getFrauds(),
                        s.getAuc(),
                        percent(s.getRecall()),
                        percent(s.getPrecision()),
                        s.getFraudAmountCaught(),
                        s.getFraudAmountMissed()));
    }

    private void show(ModelEvent e) {
        dashboard.registry(e);
        if (!"retrainer".equals(e.getActor())) {
            return;
        }
        if (e.getType() == ModelEventType.REGISTERED) {
            print(
                    String.format(
                            Locale.ROOT,
                            "registry: %s:%s registered by the retrainer (holdout AUC %.3f,"
                                    + " champion's %.3f)",
                            e.getModelName(),
                            e.getVersion(),
                            e.getMetrics().getOrDefault("holdoutAuc", Double.NaN),
                            e.getMetrics().getOrDefault("championHoldoutAuc", Double.NaN)));
        } else if (e.getType() == ModelEventType.ALIAS_MOVED) {
            print(
                    "registry: "
                            + e.getAlias()
                            + " -> "
                            + e.getModelName()
                            + ":"
                            + e.getVersion()
                            + " from event time "
                            + EVENT.format(e.getActivationTime())
                            + (e.getReason() == null ? "" : ": " + e.getReason()));
            if ("champion".equals(e.getAlias())) {
                synchronized (this) {
                    promotions.add(e);
                }
            }
        }
    }

    /** Promotions seen on the registry topic so far. */
    synchronized int promotionsSeen() {
        return promotions.size();
    }

    /**
     * The loop in one line: false alarms (windows past the thresholds before the shift), detection
     * delay in windows, requests, promotion, AUCs.
     */
    synchronized String summary() {
        String detection =
                firstDriftAfterShift == null
                        ? "drift not detected after the shift"
                        : String.format(
                                "drift detected %d window(s) after the shift window",
                                Math.floorDiv(
                                                firstDriftAfterShift
                                                        .getWindowStart()
                                                        .toEpochMilli(),
                                                windowMs)
                                        - Math.floorDiv(shiftAt, windowMs));
        String promotion =
                promotions.isEmpty()
                        ? "nothing promoted"
                        : promotions.stream()
                                        .map(p -> p.getModelName() + ":" + p.getVersion())
                                        .collect(Collectors.joining(", "))
                                + " promoted";
        return String.format(
                Locale.ROOT,
                "loop: %d window(s) past the thresholds before the shift; %s; %d retrain"
                        + " request(s); %s; %s",
                driftedBeforeShift,
                detection,
                retrainRequests.size(),
                promotion,
                aucAfterPromotion());
    }

    private String aucAfterPromotion() {
        if (promotions.isEmpty()) {
            return "no AUC of a new version yet";
        }
        String version = promotions.get(promotions.size() - 1).getVersion();
        double[] aucs =
                performanceWindows.stream()
                        .filter(p -> p.getModelVersion().equals(version) && p.getAuc() != null)
                        .mapToDouble(PerformanceStats::getAuc)
                        .toArray();
        return aucs.length == 0
                ? "no matured labels of version " + version + " yet"
                : String.format(
                        Locale.ROOT,
                        "version %s AUC on matured labels %.3f (%d windows)",
                        version,
                        Arrays.stream(aucs).average().orElse(Double.NaN),
                        aucs.length);
    }

    private static String percent(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * value);
    }

    private static void print(String line) {
        System.out.println(LocalTime.now().format(WALL) + "  " + line);
    }

    void stop() {
        running.set(false);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
