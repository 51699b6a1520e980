package io.vigil.modelops.serving;

import io.vigil.features.engine.FeaturizedEvent;
import io.vigil.schemas.Reason;
import java.util.ArrayList;
import java.util.List;

/** The transactions buffered for one scoring run, with the choice, scores and latency of each. */
final class MicroBatch {

    private final FeaturizedEvent[] events;
    private final double[][] rows;
    private final String[][] texts;
    private final long[] arrivalNanos;
    private final ServingPlan.Choice[] choices;
    private final ServedModel[] deciders;
    private final ServedModel[] shadows;
    private final double[] scores;
    private final double[] shadowScores;
    private final List<Reason>[] reasons;
    private final BatchScoring scoring = new BatchScoring();
    private long scoredNanos;
    private int size;

    MicroBatch(int capacity) {
        events = new FeaturizedEvent[capacity];
        rows = new double[capacity][];
        texts = new String[capacity][];
        arrivalNanos = new long[capacity];
        choices = new ServingPlan.Choice[capacity];
        deciders = new ServedModel[capacity];
        shadows = new ServedModel[capacity];
        scores = new double[capacity];
        shadowScores = new double[capacity];
        @SuppressWarnings("unchecked")
        List<Reason>[] perEvent = (List<Reason>[]) new List<?>[capacity];
        reasons = perEvent;
    }

    /** Adds an event; true when the batch is full. */
    boolean add(FeaturizedEvent event) {
        events[size] = event;
        rows[size] = event.features;
        texts[size] = event.textFeatures;
        arrivalNanos[size] = System.nanoTime();
        size++;
        return size == events.length;
    }

    int size() {
        return size;
    }

    /**
     * Chooses the versions of every event and scores them. A version that fails is quarantined in
     * {@code plan} and the batch chosen and scored again, so what served before it decides in its
     * place; events with no champion left go to {@code waiting}.
     *
     * @return the versions quarantined (already closed), for the caller to announce
     */
    List<ServedModel> score(ServingPlan plan, List<FeaturizedEvent> waiting) {
        List<ServedModel> quarantined = new ArrayList<>(0);
        List<ServedModel> failed;
        do {
            for (int i = 0; i < size; i++) {
                choices[i] = plan.choose(events[i].eventTime, events[i].entityKey);
                deciders[i] = choices[i] == null ? null : choices[i].decider();
                shadows[i] = choices[i] == null ? null : choices[i].shadow();
            }
            failed = new ArrayList<>(scoring.score(rows, texts, deciders, size, scores, reasons));
            failed.addAll(scoring.score(rows, texts, shadows, size, shadowScores, null));
            for (ServedModel model : failed) {
                if (!quarantined.contains(model)) {
                    quarantined.add(model);
                    plan.quarantine(model.manifest().version());
                }
            }
            // Each round removes at least one version from the plan, so this ends.
        } while (!failed.isEmpty());
        for (int i = 0; i < size; i++) {
            if (choices[i] == null) {
                waiting.add(events[i]);
            }
        }
        scoredNanos = System.nanoTime();
        return quarantined;
    }

    FeaturizedEvent event(int i) {
        return events[i];
    }

    ServingPlan.Choice choice(int i) {
        return choices[i];
    }

    double score(int i) {
        return scores[i];
    }

    /** The reasons of event {@code i}'s score; null when its decider has no explainer. */
    List<Reason> reasons(int i) {
        return reasons[i];
    }

    double shadowScore(int i) {
        return shadowScores[i];
    }

    long latencyMicros(int i) {
        return (scoredNanos - arrivalNanos[i]) / 1000;
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            events[i] = null;
            rows[i] = null;
            texts[i] = null;
            choices[i] = null;
            deciders[i] = null;
            shadows[i] = null;
            reasons[i] = null;
        }
        size = 0;
    }
}
