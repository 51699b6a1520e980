package io.vigil.retrainer;

import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.modelops.registry.RegistryState;
import io.vigil.modelops.serving.ServingPlan;
import io.vigil.schemas.ModelEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Decides the shadow trials the retrainer started, on live evidence ({@link ShadowEvidence}, by the
 * policy's {@link ShadowRule}). A trial is running while the registry's {@code shadow} alias, moved
 * there by the retrainer, names another version than {@code champion}: the registry is the trial's
 * only state, so a restarted retrainer takes up where it stopped. A trial ends by promoting the
 * challenger to champion, or by pointing {@code shadow} at the champion (a shadow on the deciding
 * version scores nothing extra); either event carries the evidence and why.
 */
public final class ShadowTrials {

    /** Allowance between the clocks of the retrainer and of the brokers stamping predictions. */
    static final Duration WRITE_CLOCK_SKEW = Duration.ofMinutes(5);

    private final ModelRegistry registry;
    private final ServedRows served;
    private final PromotionPolicy policy;
    private final Consumer<String> log;
    private final Clock clock;

    /**
     * @param policy with a {@link ShadowRule}
     */
    public ShadowTrials(
            ModelRegistry registry,
            ServedRows served,
            PromotionPolicy policy,
            Consumer<String> log,
            Clock clock) {
        if (policy.shadow() == null) {
            throw new IllegalArgumentException("the policy promotes on the holdout, not in shadow");
        }
        this.registry = registry;
        this.served = served;
        this.policy = policy;
        this.log = log;
        this.clock = clock;
    }

    /** A running trial: the challenger in shadow and the champion it is judged against. */
    record Trial(String model, ModelEvent shadow, ModelEvent champion) {}

    /** The trials running now. */
    List<Trial> running() {
        return running(registry.read());
    }

    private static List<Trial> running(RegistryState state) {
        List<Trial> trials = new ArrayList<>();
        for (String model : state.models()) {
            Optional<ModelEvent> shadow = state.alias(model, ServingPlan.SHADOW);
            Optional<ModelEvent> champion = state.alias(model, ServingPlan.CHAMPION);
            if (shadow.isPresent()
                    && champion.isPresent()
                    && Retrainer.ACTOR.equals(shadow.get().getActor())
                    && !shadow.get().getVersion().equals(champion.get().getVersion())) {
                trials.add(new Trial(model, shadow.get(), champion.get()));
            }
        }
        return trials;
    }

    /** Judges every running trial once; returns what became of those that ended. */
    public List<RetrainOutcome> judgeRunning() throws Exception {
        List<RetrainOutcome> ended = new ArrayList<>();
        RegistryState state = registry.read();
        for (Trial trial : running(state)) {
            judge(state, trial).ifPresent(ended::add);
        }
        return ended;
    }

    /** Whether any trial is running (for a caller that waits for them, like the demo). */
    public boolean anyRunning() {
        return !running().isEmpty();
    }

    private Optional<RetrainOutcome> judge(RegistryState state, Trial trial) throws Exception {
        String model = trial.model();
        String challenger = trial.shadow().getVersion();
        RegistryState.VersionInfo info = state.version(model, challenger).orElseThrow();
        if (!info.status().equals("registered")) {
            // Rejected by a scoring job (e.g. it failed at run time) or retired: it scores no
            // more, so no evidence can come.
            String summary =
                    "ended the shadow trial of "
                            + model
                            + ":"
                            + challenger
                            + ": it was "
                            + info.status()
                            + (info.reason() == null ? "" : " (" + info.reason() + ")");
            endTrial(trial, trial.shadow().getActivationTime(), summary, Map.of());
            return Optional.of(
                    new RetrainOutcome(false, challenger, false, Double.NaN, Double.NaN, summary));
        }
        ModelManifest challengerManifest = registry.store().readManifest(info.registration());
        ModelManifest championManifest =
                registry.store()
                        .readManifest(
                                state.version(model, trial.champion().getVersion())
                                        .orElseThrow()
                                        .registration());
        Instant since = trial.shadow().getActivationTime();
        List<ServedRows.LabelledRow> rows =
                served.labelledSince(
                        model,
                        championManifest.featureNames(),
                        since,
                        // Only what was written after the shadow began can carry its scores.
                        trial.shadow().getCreatedAt().minus(WRITE_CLOCK_SKEW));
        ShadowEvidence.Verdict verdict =
                ShadowEvidence.judge(
                        policy,
                        served.segmentNames(),
                        rows,
                        challenger,
                        challengerManifest.threshold());
        Instant activation =
                rows.isEmpty()
                        ? since
                        : Instant.ofEpochMilli(rows.get(rows.size() - 1).eventTime());
        String name = model + ":" + challenger;
        switch (verdict.status()) {
            case WAITING -> {
                Duration waited = Duration.between(trial.shadow().getCreatedAt(), clock.instant());
                if (waited.compareTo(policy.shadow().maxWait()) < 0) {
                    log.accept(name + " in shadow: " + verdict.summary() + " so far");
                    return Optional.empty();
                }
                String summary =
                        "ended the shadow trial of "
                                + name
                                + " after "
                                + waited.toHours()
                                + " h without enough evidence: "
                                + verdict.summary();
                endTrial(trial, activation, summary, verdict.evidence());
                return Optional.of(outcome(challenger, false, verdict, summary));
            }
            case PROMOTE -> {
                String summary = "promoted " + name + " to champion: " + verdict.summary();
                registry.moveAlias(
                        model,
                        challenger,
                        ServingPlan.CHAMPION,
                        activation,
                        Retrainer.ACTOR,
                        summary,
                        verdict.evidence());
                log.accept(summary);
                return Optional.of(outcome(challenger, true, verdict, summary));
            }
            default -> {
                String summary =
                        "kept "
                                + model
                                + ":"
                                + trial.champion().getVersion()
                                + " as champion; "
                                + name
                                + " "
                                + verdict.summary();
                endTrial(trial, activation, summary, verdict.evidence());
                return Optional.of(outcome(challenger, false, verdict, summary));
            }
        }
    }

    private void endTrial(
            Trial trial, Instant activation, String summary, Map<String, Double> evidence) {
        registry.moveAlias(
                trial.model(),
                trial.champion().getVersion(),
                ServingPlan.SHADOW,
                activation,
                Retrainer.ACTOR,
                summary,
                evidence);
        log.accept(summary);
    }

    private static RetrainOutcome outcome(
            String challenger, boolean promoted, ShadowEvidence.Verdict verdict, String summary) {
        return new RetrainOutcome(
                false,
                challenger,
                promoted,
                verdict.evidence().getOrDefault("liveAuc", Double.NaN),
                verdict.evidence().getOrDefault("championLiveAuc", Double.NaN),
                summary);
    }
}
