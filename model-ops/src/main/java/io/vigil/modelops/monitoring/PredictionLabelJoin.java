package io.vigil.modelops.monitoring;

import io.vigil.schemas.Prediction;
import io.vigil.schemas.TransactionLabel;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins predictions to their labels by transaction id (the key) in keyed state, in either order. A
 * prediction waits until its event time plus the horizon for its label, then counts as {@link
 * LabelledOutcome.Kind#UNLABELLED}; a label that finds no prediction waits as long for one, then
 * counts as {@link LabelledOutcome.Kind#UNMATCHED_LABEL} (late beyond the horizon, or unknown):
 * nothing is dropped without being counted. Repeated predictions (at-least-once) are joined once.
 */
public class PredictionLabelJoin
        extends KeyedCoProcessFunction<String, Prediction, TransactionLabel, LabelledOutcome> {

    private static final long serialVersionUID = 1L;

    /** State names: part of savepoints, never rename. */
    public static final String PREDICTION = "pending-prediction";

    public static final String LABEL = "pending-label";

    private final long horizonMs;
    private final Segmenter segmenter;

    private transient ValueState<LabelledOutcome> prediction;
    private transient ValueState<LabelledOutcome> label;
    private transient Counter lateLabels;

    public PredictionLabelJoin(long horizonMs) {
        this(horizonMs, new Segmenter(List.of()));
    }

    /** A join whose outcomes carry each prediction's value of {@code segmenter}'s segments. */
    public PredictionLabelJoin(long horizonMs, Segmenter segmenter) {
        if (horizonMs <= 0) {
            throw new IllegalArgumentException(
                    "the label horizon must be positive (was " + horizonMs + " ms)");
        }
        this.horizonMs = horizonMs;
        this.segmenter = segmenter;
    }

    @Override
    public void open(OpenContext openContext) {
        prediction =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>(PREDICTION, LabelledOutcome.class));
        label =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>(LABEL, LabelledOutcome.class));
        lateLabels = getRuntimeContext().getMetricGroup().counter("unmatchedLabels");
    }

    @Override
    public void processElement1(Prediction p, Context ctx, Collector<LabelledOutcome> out)
            throws Exception {
        if (prediction.value() != null) {
            return; // a repeat
        }
        LabelledOutcome pending = new LabelledOutcome();
        pending.modelName = p.getModelName();
        pending.modelVersion = p.getModelVersion();
        pending.score = p.getScore();
        pending.threshold = p.getThreshold();
        if (p.getScoreRange() != null && p.getScoreRange().size() == 2) {
            pending.scoreMin = p.getScoreRange().get(0);
            pending.scoreMax = p.getScoreRange().get(1);
        }
        pending.amount = p.getAmount() == null ? Double.NaN : p.getAmount();
        pending.maturedAt = p.getEventTime().toEpochMilli() + horizonMs;
        pending.segments = segmenter.valuesOf(p);
        LabelledOutcome known = label.value();
        if (known != null) {
            ctx.timerService().deleteEventTimeTimer(known.maturedAt);
            label.clear();
            out.collect(labelled(pending, known.fraud, known.maturedAt - horizonMs, known.amount));
            prediction.update(
                    done(pending)); // remembered until the horizon, so a repeat is not joined again
        } else {
            prediction.update(pending);
        }
        ctx.timerService().registerEventTimeTimer(pending.maturedAt);
    }

    @Override
    public void processElement2(TransactionLabel l, Context ctx, Collector<LabelledOutcome> out)
            throws Exception {
        long labelTime = l.getLabelTime().toEpochMilli();
        LabelledOutcome pending = prediction.value();
        if (pending != null && pending.kind == null) {
            out.collect(labelled(pending, l.getFraud(), labelTime, amountOf(l)));
            prediction.update(done(pending));
            return;
        }
        if (pending != null || label.value() != null) {
            return; // already joined, or a repeated label
        }
        LabelledOutcome waiting = new LabelledOutcome();
        waiting.fraud = l.getFraud();
        waiting.amount = amountOf(l);
        waiting.maturedAt = labelTime + horizonMs;
        label.update(waiting);
        ctx.timerService().registerEventTimeTimer(waiting.maturedAt);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LabelledOutcome> out)
            throws Exception {
        LabelledOutcome pending = prediction.value();
        if (pending != null && pending.maturedAt <= timestamp) {
            if (pending.kind == null) {
                pending.kind = LabelledOutcome.Kind.UNLABELLED;
                out.collect(pending);
            }
            prediction.clear();
        }
        LabelledOutcome waiting = label.value();
        if (waiting != null && waiting.maturedAt <= timestamp) {
            lateLabels.inc();
            LabelledOutcome unmatched = new LabelledOutcome();
            unmatched.kind = LabelledOutcome.Kind.UNMATCHED_LABEL;
            unmatched.modelName = LabelledOutcome.ANY;
            unmatched.modelVersion = LabelledOutcome.ANY;
            unmatched.fraud = waiting.fraud;
            unmatched.amount = Double.NaN;
            unmatched.maturedAt = timestamp;
            out.collect(unmatched);
            label.clear();
        }
    }

    /** The label's own amount at stake, NaN when it states none (or an older label). */
    private static double amountOf(TransactionLabel l) {
        return l.getAmount() == null ? Double.NaN : l.getAmount();
    }

    /**
     * @param labelAmount the amount the label states, NaN to keep the prediction's
     */
    private static LabelledOutcome labelled(
            LabelledOutcome pending, boolean fraud, long labelTime, double labelAmount) {
        LabelledOutcome outcome = new LabelledOutcome();
        outcome.kind = LabelledOutcome.Kind.LABELLED;
        outcome.modelName = pending.modelName;
        outcome.modelVersion = pending.modelVersion;
        outcome.score = pending.score;
        outcome.threshold = pending.threshold;
        outcome.scoreMin = pending.scoreMin;
        outcome.scoreMax = pending.scoreMax;
        outcome.amount = Double.isNaN(labelAmount) ? pending.amount : labelAmount;
        outcome.fraud = fraud;
        outcome.maturedAt = labelTime;
        outcome.segments = pending.segments;
        return outcome;
    }

    /** The prediction, marked joined: kept until its horizon only to recognise repeats. */
    private static LabelledOutcome done(LabelledOutcome pending) {
        pending.kind = LabelledOutcome.Kind.LABELLED;
        return pending;
    }
}
