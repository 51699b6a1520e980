package io.vigil.modelops.serving;

import io.vigil.features.engine.FeaturizedEvent;
import io.vigil.features.serialization.FeatureTypes;
import io.vigil.modelops.registry.ModelEventCheck;
import io.vigil.modelops.registry.RejectionCode;
import io.vigil.schemas.DeadLetter;
import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.ModelEventType;
import io.vigil.schemas.Prediction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Either;
import org.apache.flink.util.OutputTag;

/**
 * Scores featurized transactions in micro-batches with the versions the model registry says, and
 * swaps versions while running. Its one input carries featurized transactions ({@link Either#Left})
 * and registry events ({@link Either#Right}); every subtask must see every registry event (they are
 * broadcast upstream: the job joins them at its last entity stage, so that this operator chains to
 * it and a transaction crosses no thread or serializer between its last features and its score).
 *
 * <ul>
 *   <li>A malformed registry event is skipped and counted. A version is served only after {@link
 *       ModelLoader} read it from the artifact store by digest, verified and warmed it; otherwise a
 *       {@code REJECTED} event with a fixed {@link RejectionCode} goes to {@link #REJECTIONS} and
 *       the current versions keep serving. A store that cannot be read is tried again with backoff
 *       first.
 *   <li>Versions switch at activation time in event time ({@link ServingPlan}), so every subtask
 *       and every replay scores an event with the same version.
 *   <li>A version that fails at run time (an ONNX Runtime error, a non-finite score) is
 *       quarantined: the batch is scored again by what served before it, and {@code REJECTED}
 *       ({@code MODEL_ERROR}) is announced. The job keeps running.
 *   <li>Checkpointed state holds references only (the registry events, in broadcast state); after a
 *       restore, versions are reloaded from the artifact store by digest.
 *   <li>The micro-batch is flushed when full, after the timeout, before watermarks and before every
 *       checkpoint barrier. Events with no champion at all wait in checkpointed state for at most
 *       {@link ServingConfig#maxWait()}, then go to {@link #DEAD_LETTERS} as {@code NO_MODEL}.
 * </ul>
 */
public class ModelServingOperator extends AbstractStreamOperator<Prediction>
        implements OneInputStreamOperator<Either<FeaturizedEvent, ModelEvent>, Prediction>,
                ProcessingTimeCallback {

    private static final long serialVersionUID = 1L;

    /** The type of the input: featurized transactions and registry events. */
    public static final TypeInformation<Either<FeaturizedEvent, ModelEvent>> INPUT =
            new EitherTypeInfo<>(
                    FeatureTypes.FEATURIZED_EVENT, new AvroTypeInfo<>(ModelEvent.class));

    /** Registry events this job rejected or quarantined, for the model-events topic. */
    public static final OutputTag<ModelEvent> REJECTIONS =
            new OutputTag<>("model-rejections", new AvroTypeInfo<>(ModelEvent.class));

    /** Events no version scored within the allowed wait ({@code NO_MODEL}). */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("unscored", new AvroTypeInfo<>(DeadLetter.class));

    /** State names: part of savepoints, never rename. */
    static final MapStateDescriptor<String, ModelEvent> REFERENCES =
            new MapStateDescriptor<>(
                    "model-references", Types.STRING, new AvroTypeInfo<>(ModelEvent.class));

    static final ListStateDescriptor<FeaturizedEvent> WAITING =
            new ListStateDescriptor<>("waiting-events", FeatureTypes.FEATURIZED_EVENT);

    /** Metric: milliseconds from decoding a transaction to scoring it (histogram). */
    public static final String PIPELINE_LATENCY = ServingMetrics.PIPELINE_LATENCY;

    private final ServingConfig config;

    private transient ServingPlan plan;
    private transient ModelLoader loader;
    private transient LoadRetries retries;
    private transient BroadcastState<String, ModelEvent> references;
    private transient ListState<FeaturizedEvent> waitingState;
    private transient WaitingEvents waiting;
    private transient MicroBatch batch;
    private transient PredictionFactory predictions;
    private transient ServingMetrics metrics;
    private transient boolean batchTimerPending;
    private transient long wakeUpAt;

    public ModelServingOperator(ServingConfig config) {
        this.config = config;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        references = context.getOperatorStateStore().getBroadcastState(REFERENCES);
        waitingState = context.getOperatorStateStore().getListState(WAITING);
        waiting = new WaitingEvents(config.maxWait().toMillis());
        waitingState.get().forEach(waiting.list()::add);
    }

    @Override
    public void open() throws Exception {
        super.open();
        metrics = new ServingMetrics(getMetricGroup(), () -> waiting.size());
        loader = new ModelLoader(config.store(), config.columns(), config.batchSize(), metrics::of);
        retries = new LoadRetries();
        predictions = new PredictionFactory(config.columns());
        batch = new MicroBatch(config.batchSize());
        ServedModel configured =
                config.configuredModel() == null
                        ? null
                        : loader.loadConfigured(config.configuredModel(), "configured");
        plan =
                new ServingPlan(
                        config.modelName() != null
                                ? config.modelName()
                                : configured.manifest().name());
        if (configured != null) {
            plan.bootstrap(configured);
        }
        List<ModelEvent> restored = new ArrayList<>();
        references.immutableEntries().forEach(entry -> restored.add(entry.getValue()));
        restored.sort(Comparator.comparing(ModelEvent::getCreatedAt));
        for (ModelEvent event : restored) {
            apply(event);
        }
        wakeUpAt = Long.MAX_VALUE;
        scheduleWakeUp(waiting.isEmpty() ? Long.MAX_VALUE : now());
    }

    @Override
    public void processElement(StreamRecord<Either<FeaturizedEvent, ModelEvent>> element)
            throws Exception {
        Either<FeaturizedEvent, ModelEvent> value = element.getValue();
        if (value.isLeft()) {
            enqueue(value.left());
        } else {
            onRegistryEvent(value.right());
        }
    }

    private void enqueue(FeaturizedEvent event) throws Exception {
        if (batch.add(event)) {
            flush();
        } else if (!batchTimerPending) {
            batchTimerPending = true;
            getProcessingTimeService()
                    .registerTimer(now() + config.batchTimeout().toMillis(), this);
        }
    }

    private void onRegistryEvent(ModelEvent event) throws Exception {
        if (ModelEventCheck.problem(event).isPresent()) {
            metrics.skippedModelEvents.inc();
            LOG.warn(
                    "Skipped a malformed registry event: {}", ModelEventCheck.problem(event).get());
            return;
        }
        if (plan.concerns(event)) {
            flush();
            apply(event);
            retryWaiting();
        }
    }

    /**
     * Applies one registry event: a rejection stops serving its version; a version that fails a
     * check is rejected (or tried again later if the store could not be read), never served.
     */
    private void apply(ModelEvent event) throws Exception {
        if (event.getType() == ModelEventType.REJECTED) {
            plan.quarantine(event.getVersion());
            pruneReferences();
            return;
        }
        ServedModel model = null;
        if (ServingPlan.needsModel(event)) {
            try {
                model = loader.load(event);
            } catch (VersionRejection e) {
                refuse(event, e);
                return;
            }
        }
        retries.forget(event.getEventId());
        plan.apply(event, model);
        LOG.info(
                "Serving {}:{} as {} from event time {} ({})",
                event.getModelName(),
                event.getVersion(),
                event.getAlias() == null
                        ? "canary " + event.getCanaryPercent() + "%"
                        : event.getAlias(),
                event.getActivationTime(),
                model == null || model.explainer() == null ? "no reasons" : model.explainer());
        references.put(event.getEventId(), event);
        pruneReferences();
    }

    private void refuse(ModelEvent event, VersionRejection e) throws Exception {
        references.remove(event.getEventId());
        if (e.code() == RejectionCode.UNREADABLE_ARTIFACT && retries.failed(event, now())) {
            LOG.warn("Cannot load {} yet, will try again: {}", id(event), e.getMessage());
            scheduleWakeUp(retries.nextDue());
            return;
        }
        LOG.warn("Rejected {} ({}): {}", id(event), e.code(), e.getMessage(), e.getCause());
        // Every subtask reaches the same verdict: one announcement is enough.
        if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            output.collect(REJECTIONS, new StreamRecord<>(Rejections.of(event, e.code())));
        }
    }

    /** Keeps in state only the registry events behind what the plan serves now. */
    private void pruneReferences() throws RuntimeException {
        Set<String> served = new HashSet<>(plan.servedEventIds());
        List<String> stale = new ArrayList<>();
        try {
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
        } catch (Exception e) {
            throw new IllegalStateException("cannot update the model references", e);
        }
    }

    @Override
    public void onProcessingTime(long time) throws Exception {
        batchTimerPending = false;
        if (time >= wakeUpAt) {
            wakeUpAt = Long.MAX_VALUE;
        }
        for (ModelEvent event : retries.due(time)) {
            apply(event);
        }
        retryWaiting();
        flush();
        scheduleWakeUp(retries.nextDue());
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        waitingState.update(waiting.list());
    }

    @Override
    public void finish() throws Exception {
        flush();
        // The input has ended: nothing will ever score these.
        deadLetter(waiting.drain(), "the input ended before any model version could score it");
        super.finish();
    }

    /** Puts the waiting events back through a batch: a version may serve them now. */
    private void retryWaiting() throws Exception {
        if (waiting.isEmpty()) {
            return;
        }
        for (FeaturizedEvent e : waiting.drain()) {
            if (batch.add(e)) {
                flush();
            }
        }
        flush();
    }

    private void flush() throws Exception {
        if (batch.size() > 0) {
            score();
        }
        long now = now();
        deadLetter(
                waiting.expire(now),
                "no model version could score it within "
                        + config.maxWait()
                        + " (no champion is served)");
        scheduleWakeUp(waiting.nextExpiry());
    }

    private void score() {
        for (ServedModel failed : batch.score(plan, waiting.list())) {
            metrics.quarantinedVersions.inc();
            output.collect(
                    REJECTIONS,
                    new StreamRecord<>(
                            Rejections.of(
                                    failed.manifest().name(),
                                    failed.manifest().version(),
                                    RejectionCode.MODEL_ERROR)));
        }
        pruneReferences();
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
                            batch.reasons(i),
                            choice.shadow() == null ? null : choice.shadow().manifest(),
                            batch.shadowScore(i),
                            batch.latencyMicros(i),
                            scoredAt);
            output.collect(new StreamRecord<>(prediction, event.eventTime));
            metrics.pipelineLatency.update(scoredAt - event.ingestTime);
        }
        batch.clear();
    }

    private void deadLetter(List<FeaturizedEvent> events, String reason) {
        for (FeaturizedEvent e : events) {
            metrics.unscored.inc();
            output.collect(
                    DEAD_LETTERS,
                    new StreamRecord<>(
                            WaitingEvents.noModel(e, reason, config.sourceTopic()), e.eventTime));
        }
    }

    private void scheduleWakeUp(long at) {
        if (at < wakeUpAt) {
            wakeUpAt = at;
            getProcessingTimeService().registerTimer(Math.max(at, now()), this);
        }
    }

    private long now() {
        return getProcessingTimeService().getCurrentProcessingTime();
    }

    private static String id(ModelEvent event) {
        return event.getModelName() + ":" + event.getVersion();
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
