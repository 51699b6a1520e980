package io.vigil.modelops.serving;

import io.vigil.features.engine.FeaturizedEvent;
import io.vigil.features.serialization.FeatureTypes;
import io.vigil.modelops.onnx.ModelLoadException;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.modelops.registry.ModelEvents;
import io.vigil.modelops.registry.ModelLocation;
import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.ModelEventType;
import io.vigil.schemas.Prediction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Scores featurized transactions in micro-batches with the versions the model registry says, and
 * swaps versions while running. Input 1: transactions; input 2 (broadcast): registry events.
 *
 * <ul>
 *   <li>A registry event is applied only after its version loaded, verified its digest, matched its
 *       manifest and passed a warm-up; otherwise a {@code REJECTED} event goes to {@link
 *       #REJECTIONS} and the current versions keep serving.
 *   <li>Versions switch at activation time in event time ({@link ServingPlan}), so every subtask
 *       and every replay scores an event with the same version.
 *   <li>Checkpointed state holds references only (the registry events, in broadcast state); after a
 *       restore, versions are reloaded from the artifact store by digest.
 *   <li>The micro-batch is flushed when full, after the timeout, before watermarks and before every
 *       checkpoint barrier; events with no champion yet wait in checkpointed state.
 * </ul>
 */
public class ModelServingOperator extends AbstractStreamOperator<Prediction>
        implements TwoInputStreamOperator<FeaturizedEvent, ModelEvent, Prediction>,
                ProcessingTimeCallback {

    private static final long serialVersionUID = 1L;

    /**
     * Registry events this job rejected, for the model-events topic (emitted by subtask 0 only).
     */
    public static final OutputTag<ModelEvent> REJECTIONS =
            new OutputTag<>("model-rejections", new AvroTypeInfo<>(ModelEvent.class));

    /** State names: part of savepoints, never rename. */
    static final MapStateDescriptor<String, ModelEvent> REFERENCES =
            new MapStateDescriptor<>(
                    "model-references", Types.STRING, new AvroTypeInfo<>(ModelEvent.class));

    static final ListStateDescriptor<FeaturizedEvent> WAITING =
            new ListStateDescriptor<>("waiting-events", FeatureTypes.FEATURIZED_EVENT);

    private final String modelName;
    private final ModelLocation configuredModel;
    private final EventColumns columns;
    private final int batchSize;
    private final long batchTimeoutMs;

    /**
     * Metric: milliseconds from decoding a transaction to scoring it, per prediction (histogram).
     */
    public static final String PIPELINE_LATENCY = "pipelineLatencyMillis";

    private transient ServingPlan plan;
    private transient ModelLoader loader;
    private transient BroadcastState<String, ModelEvent> references;
    private transient ListState<FeaturizedEvent> waitingState;
    private transient List<FeaturizedEvent> waiting;
    private transient MicroBatch batch;
    private transient PredictionFactory predictions;
    private transient Map<String, ModelMetrics> metrics;

    /** Decoded to scored, in milliseconds: features, exchanges and batching (not Kafka). */
    private transient Histogram pipelineLatency;

    private transient boolean timerPending;

    /**
     * @param modelName the registry model whose champion, shadow and canary this job serves; null
     *     for the name in {@code configuredModel}'s manifest
     * @param configuredModel a model serving as champion until the registry's champion activates;
     *     may be null
     * @param featureNames names of the incoming feature vector's entries, in order
     */
    public ModelServingOperator(
            String modelName,
            ModelLocation configuredModel,
            List<String> featureNames,
            int batchSize,
            long batchTimeoutMs) {
        this(
                modelName,
                configuredModel,
                EventColumns.numeric(featureNames),
                batchSize,
                batchTimeoutMs);
    }

    /**
     * @param columns what the incoming events carry: features, text features (both for models to
     *     read) and the fields copied into every prediction
     */
    public ModelServingOperator(
            String modelName,
            ModelLocation configuredModel,
            EventColumns columns,
            int batchSize,
            long batchTimeoutMs) {
        this.modelName = modelName;
        this.configuredModel = configuredModel;
        this.columns = columns;
        this.batchSize = batchSize;
        this.batchTimeoutMs = batchTimeoutMs;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        references = context.getOperatorStateStore().getBroadcastState(REFERENCES);
        waitingState = context.getOperatorStateStore().getListState(WAITING);
        waiting = new ArrayList<>();
        waitingState.get().forEach(waiting::add);
    }

    @Override
    public void open() throws Exception {
        super.open();
        metrics = new HashMap<>();
        loader =
                new ModelLoader(
                        columns,
                        batchSize,
                        manifest ->
                                metrics.computeIfAbsent(
                                        manifest.id(),
                                        id ->
                                                new FlinkModelMetrics(
                                                        getMetricGroup(),
                                                        manifest.name(),
                                                        manifest.version())));
        predictions = new PredictionFactory(columns);
        pipelineLatency =
                getMetricGroup()
                        .histogram(PIPELINE_LATENCY, new DescriptiveStatisticsHistogram(1000));
        batch = new MicroBatch(batchSize);
        ModelEvent configured = configuredModel == null ? null : configuredReference();
        plan = new ServingPlan(modelName != null ? modelName : configured.getModelName());
        if (configured != null) {
            plan.bootstrap(loader.load(configured));
        }
        List<ModelEvent> restored = new ArrayList<>();
        references.immutableEntries().forEach(entry -> restored.add(entry.getValue()));
        restored.sort(Comparator.comparing(ModelEvent::getCreatedAt));
        for (ModelEvent event : restored) {
            apply(event, false);
        }
    }

    private ModelEvent configuredReference() throws Exception {
        byte[] bytes = configuredModel.readModel();
        var manifest = configuredModel.readManifest();
        return ModelEvents.base(
                        ModelEventType.ALIAS_MOVED, manifest.name(), "configuration", Instant.EPOCH)
                .setEventId("configured")
                .setVersion(manifest.version())
                .setAlias(ServingPlan.CHAMPION)
                .setDigest(ArtifactStore.sha256(bytes))
                .setModelUri(configuredModel.model())
                .setManifestUri(configuredModel.manifest())
                .build();
    }

    @Override
    public void processElement1(StreamRecord<FeaturizedEvent> element) throws Exception {
        if (batch.add(element.getValue())) {
            flush();
        } else if (!timerPending) {
            timerPending = true;
            getProcessingTimeService()
                    .registerTimer(
                            getProcessingTimeService().getCurrentProcessingTime() + batchTimeoutMs,
                            this);
        }
    }

    @Override
    public void processElement2(StreamRecord<ModelEvent> element) throws Exception {
        ModelEvent event = element.getValue();
        if (plan.concerns(event)) {
            flush();
            apply(event, true);
            if (!waiting.isEmpty()) {
                List<FeaturizedEvent> retry = new ArrayList<>(waiting);
                waiting.clear();
                for (FeaturizedEvent e : retry) {
                    if (batch.add(e)) {
                        flush();
                    }
                }
                flush();
            }
        }
    }

    /**
     * Loads and applies one registry event; a version that fails any check is rejected, not served.
     */
    private void apply(ModelEvent event, boolean announceRejection) throws Exception {
        ServedModel model = null;
        if (ServingPlan.needsModel(event)) {
            try {
                model = loader.load(event);
            } catch (ModelLoadException | RuntimeException e) {
                LOG.warn(
                        "Rejected {}:{} ({}): {}",
                        event.getModelName(),
                        event.getVersion(),
                        event.getType(),
                        e.getMessage());
                references.remove(event.getEventId());
                if (announceRejection
                        && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
                    output.collect(
                            REJECTIONS, new StreamRecord<>(rejection(event, e.getMessage())));
                }
                return;
            }
        }
        plan.apply(event, model);
        LOG.info(
                "Serving {}:{} as {} from event time {}",
                event.getModelName(),
                event.getVersion(),
                event.getAlias() == null
                        ? "canary " + event.getCanaryPercent() + "%"
                        : event.getAlias(),
                event.getActivationTime());
        references.put(event.getEventId(), event);
        Set<String> served = new HashSet<>(plan.servedEventIds());
        List<String> stale = new ArrayList<>();
        references
                .immutableEntries()
                .forEach(
                        entry -> {
                            if (!served.contains(entry.getKey())) {
                                stale.add(entry.getKey());
                            }
                        });
        for (String id : stale) {
            references.remove(id);
        }
    }

    private static ModelEvent rejection(ModelEvent event, String reason) {
        return ModelEvent.newBuilder(event)
                .setEventId(UUID.randomUUID().toString())
                .setType(ModelEventType.REJECTED)
                .setReason(reason)
                .setActor("scoring job")
                .setCreatedAt(Instant.now())
                .build();
    }

    @Override
    public void onProcessingTime(long time) throws Exception {
        timerPending = false;
        flush();
    }

    @Override
    public void processWatermark1(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    /**
     * Registry events carry no event time: their watermark must not hold back the transactions'.
     */
    @Override
    public void processWatermark2(Watermark mark) {}

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        waitingState.update(waiting);
    }

    @Override
    public void finish() throws Exception {
        flush();
        if (!waiting.isEmpty()) {
            LOG.error(
                    "{} transactions were never scored: no champion was active for them; they stay"
                            + " in the last checkpoint",
                    waiting.size());
        }
        super.finish();
    }

    private void flush() throws Exception {
        if (batch.size() == 0) {
            return;
        }
        batch.score(plan, waiting);
        long scoredAt = System.currentTimeMillis();
        for (int i = 0; i < batch.size(); i++) {
            ServingPlan.Choice choice = batch.choice(i);
            if (choice == null) {
                continue;
            }
            FeaturizedEvent event = batch.event(i);
            Prediction prediction =
                    predictions.create(
                            event,
                            choice.decider().manifest(),
                            choice.role(),
                            batch.score(i),
                            choice.shadow() == null ? null : choice.shadow().manifest(),
                            batch.shadowScore(i),
                            batch.latencyMicros(i),
                            scoredAt);
            output.collect(new StreamRecord<>(prediction, event.eventTime));
            pipelineLatency.update(scoredAt - event.ingestTime);
        }
        batch.clear();
    }

    @Override
    public void close() throws Exception {
        try {
            if (plan != null) {
                plan.close();
            }
        } finally {
            super.close();
        }
    }
}
