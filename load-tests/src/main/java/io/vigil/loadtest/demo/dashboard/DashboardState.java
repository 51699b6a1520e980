package io.vigil.loadtest.demo.dashboard;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.schemas.DriftStats;
import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.PerformanceStats;
import io.vigil.schemas.RetrainRequest;
import io.vigil.schemas.SegmentStats;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the demo's live dashboard shows, as the demo learns it: a progress tick every two seconds
 * (throughput, latency, decisions, the deciding version) and the records of the monitoring and
 * registry topics (drift, performance and segment windows, retrain requests, registry events), the
 * latest of each kind kept up to a bound. Records are kept as their plain JSON (the analysts'
 * format), so the page reads the same fields as {@code ./vigil tail}. Thread-safe: writers are the
 * demo's console threads, the reader the dashboard server.
 */
public final class DashboardState {

    /** Ticks kept: four minutes of a demo. */
    static final int TICKS = 120;

    /** Windows and events kept of each kind. */
    static final int RECORDS = 60;

    private static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();

    private final String title;
    private final Deque<ObjectNode> ticks = new ArrayDeque<>();
    private final Deque<ObjectNode> drift = new ArrayDeque<>();
    private final Deque<ObjectNode> performance = new ArrayDeque<>();
    private final Deque<ObjectNode> segments = new ArrayDeque<>();
    private final Deque<ObjectNode> registry = new ArrayDeque<>();
    private final Deque<ObjectNode> requests = new ArrayDeque<>();

    /**
     * @param title what the demo runs (e.g. "card fraud, drift scenario")
     */
    public DashboardState(String title) {
        this.title = title;
    }

    /** One progress tick of the demo's console. */
    public record Tick(
            long at,
            long sent,
            long scored,
            double perSecond,
            double latencyP50Millis,
            double latencyP99Millis,
            long deadLetters,
            long caught,
            long missed,
            long falseAlarms,
            String deciding,
            String jobStatus) {}

    public synchronized void tick(Tick tick) {
        add(ticks, MAPPER.valueToTree(tick), TICKS);
    }

    public void drift(DriftStats stats) {
        record(drift, stats, DriftStats.class);
    }

    public void performance(PerformanceStats stats) {
        record(performance, stats, PerformanceStats.class);
    }

    public void segments(SegmentStats stats) {
        record(segments, stats, SegmentStats.class);
    }

    public void registry(ModelEvent event) {
        record(registry, event, ModelEvent.class);
    }

    public void request(RetrainRequest request) {
        record(requests, request, RetrainRequest.class);
    }

    /** The whole state as JSON, stamped with the wall-clock time it was taken. */
    public synchronized byte[] toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("title", title);
        root.put("servedAt", System.currentTimeMillis());
        root.set("ticks", array(ticks));
        root.set("drift", array(drift));
        root.set("performance", array(performance));
        root.set("segments", array(segments));
        root.set("registry", array(registry));
        root.set("requests", array(requests));
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T extends SpecificRecord> void record(
            Deque<ObjectNode> kept, T record, Class<T> type) {
        ObjectNode json;
        try {
            json = (ObjectNode) MAPPER.readTree(codec(type).encode(record));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        synchronized (this) {
            add(kept, json, RECORDS);
        }
    }

    private static <T extends SpecificRecord> RecordCodec<T> codec(Class<T> type) {
        return WireFormat.JSON.codec(type);
    }

    private static void add(Deque<ObjectNode> kept, ObjectNode value, int bound) {
        kept.addLast(value);
        while (kept.size() > bound) {
            kept.removeFirst();
        }
    }

    private static ArrayNode array(Deque<ObjectNode> kept) {
        ArrayNode array = MAPPER.createArrayNode();
        kept.forEach(array::add);
        return array;
    }
}
