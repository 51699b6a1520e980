package io.vigil.retrainer;

import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.registry.ArtifactException;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.modelops.registry.RegistryState;
import io.vigil.modelops.registry.TrainedModel;
import io.vigil.modelops.serving.ServingPlan;
import io.vigil.retrainer.training.Auc;
import io.vigil.retrainer.training.LabelledVector;
import io.vigil.retrainer.training.LogisticRegressionTrainer;
import io.vigil.retrainer.training.XGBoostTrainer;
import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.RetrainRequest;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Answers a {@link RetrainRequest}: builds a training set from what the model served since the
 * degradation began (the first evidence window; at most the policy's training window before the
 * request) and the labels that matured (the most recent share held out), trains a logistic
 * regression and gradient-boosted trees (XGBoost, 100 trees) on the champion's features and keeps
 * the better, scores challenger and champion on the same holdout with the serving scorer, registers
 * the challenger with both AUCs (alias {@code challenger}), and, when it is better by the policy's
 * margin, promotes it to {@code champion}, or, when the policy decides on live evidence, puts it in
 * {@code shadow} for {@link ShadowTrials} to judge. Every change is a registry event (actor {@value
 * #ACTOR}); a request already answered (a version tagged with its id) is not answered twice.
 */
public final class Retrainer {

    public static final String ACTOR = "retrainer";
    public static final String REQUEST_TAG = "retrainRequest";

    private final ModelRegistry registry;
    private final ServedRows served;
    private final PromotionPolicy policy;
    private final Consumer<String> log;

    /**
     * @param log receives one line per step, for the console and logs
     */
    public Retrainer(
            ModelRegistry registry,
            ServedRows served,
            PromotionPolicy policy,
            Consumer<String> log) {
        this.registry = registry;
        this.served = served;
        this.policy = policy;
        this.log = log;
    }

    public RetrainOutcome handle(RetrainRequest request) throws Exception {
        String model = request.getModelName();
        RegistryState state = registry.read();
        Optional<RegistryState.VersionInfo> answered =
                state.versions(model).stream()
                        .filter(v -> request.getRequestId().equals(tags(state, v).get(REQUEST_TAG)))
                        .findFirst();
        if (answered.isPresent()) {
            return outcome(
                    null,
                    false,
                    Double.NaN,
                    Double.NaN,
                    "request "
                            + request.getRequestId()
                            + " was answered already by version "
                            + answered.get().registration().getVersion());
        }
        ModelEvent championAlias = state.alias(model, "champion").orElse(null);
        if (championAlias == null) {
            return outcome(
                    null, false, Double.NaN, Double.NaN, model + " has no champion to retrain");
        }
        ModelEvent champion =
                state.version(model, championAlias.getVersion()).orElseThrow().registration();
        ModelManifest championManifest = registry.store().readManifest(champion);
        byte[] championOnnx = registry.store().readModel(champion.getDigest());
        List<String> features = championManifest.featureNames();

        Instant since = since(request);
        List<ServedRows.LabelledRow> rows = served.labelledSince(model, features, since);
        int split = (int) Math.round(rows.size() * (1 - policy.holdoutShare()));
        List<ServedRows.LabelledRow> training = rows.subList(0, split);
        List<ServedRows.LabelledRow> holdout = rows.subList(split, rows.size());
        long trainingFrauds = training.stream().filter(ServedRows.LabelledRow::fraud).count();
        long holdoutFrauds = holdout.stream().filter(ServedRows.LabelledRow::fraud).count();
        log.accept(
                String.format(
                        Locale.ROOT,
                        "training set: %,d labelled served rows since %s (%,d fraud), %,d held out"
                                + " (%,d fraud)",
                        rows.size(),
                        since,
                        trainingFrauds + holdoutFrauds,
                        holdout.size(),
                        holdoutFrauds));
        if (rows.size() < policy.minRows()
                || trainingFrauds < policy.minFrauds()
                || holdoutFrauds < policy.minFrauds()) {
            RetrainOutcome waiting =
                    new RetrainOutcome(
                            true,
                            null,
                            false,
                            Double.NaN,
                            Double.NaN,
                            String.format(
                                    Locale.ROOT,
                                    "waiting for labels to retrain %s: %d rows, %d + %d frauds so"
                                            + " far (need %d rows, %d frauds each side)",
                                    model,
                                    rows.size(),
                                    trainingFrauds,
                                    holdoutFrauds,
                                    policy.minRows(),
                                    policy.minFrauds()));
            log.accept(waiting.summary());
            return waiting;
        }

        String version = nextVersion(state, model);
        long seed = request.getRequestId().hashCode();
        TrainedModel linear =
                new LogisticRegressionTrainer(policy.epochs(), seed)
                        .train(vectors(training), vectors(holdout), features, model, version);
        TrainedModel trees =
                new XGBoostTrainer(100, 4, 0.2, seed)
                        .train(vectors(training), vectors(holdout), features, model, version);
        boolean[] positives = HoldoutScores.positives(holdout);
        double[] linearScores =
                HoldoutScores.scores(linear.onnx(), linear.manifest(), features, holdout);
        double[] treesScores =
                HoldoutScores.scores(trees.onnx(), trees.manifest(), features, holdout);
        double[] championScores =
                HoldoutScores.scores(championOnnx, championManifest, features, holdout);
        double linearAuc = Auc.of(linearScores, positives);
        double treesAuc = Auc.of(treesScores, positives);
        TrainedModel trained = treesAuc > linearAuc ? trees : linear;
        double[] challengerScores = treesAuc > linearAuc ? treesScores : linearScores;
        double challengerAuc = Math.max(treesAuc, linearAuc);
        double championAuc = Auc.of(championScores, positives);
        log.accept(
                String.format(
                        Locale.ROOT,
                        "trained %s:%s on %,d rows: holdout AUC %.3f (logistic regression %.3f,"
                                + " gradient-boosted trees %.3f) vs champion %s:%s %.3f",
                        model,
                        version,
                        training.size(),
                        challengerAuc,
                        linearAuc,
                        treesAuc,
                        model,
                        championManifest.version(),
                        championAuc));

        ModelManifest manifest =
                trained.manifest()
                        .withAdded(
                                Map.of(
                                        "holdoutAuc",
                                        challengerAuc,
                                        "championHoldoutAuc",
                                        championAuc,
                                        "trainingRows",
                                        (double) training.size(),
                                        "holdoutRows",
                                        (double) holdout.size(),
                                        "logisticRegressionHoldoutAuc",
                                        linearAuc,
                                        "gradientBoostedTreesHoldoutAuc",
                                        treesAuc),
                                Map.of(
                                        REQUEST_TAG,
                                        request.getRequestId(),
                                        "trigger",
                                        request.getTrigger(),
                                        "trainedOn",
                                        "served features of "
                                                + model
                                                + " since "
                                                + since
                                                + " with matured labels"));
        String report =
                RetrainReport.write(
                        registry.store(),
                        new RetrainReport.Scored(manifest, trained.onnx(), challengerScores),
                        new RetrainReport.Scored(championManifest, championOnnx, championScores),
                        features,
                        holdout,
                        served.segmentNames(),
                        log);
        if (report != null) {
            manifest = manifest.withAdded(Map.of(), Map.of("report", report));
        }
        registry.register(trained.onnx(), manifest, ACTOR);
        Instant activation = request.getWindowEnd();
        registry.moveAlias(model, version, "challenger", activation, ACTOR);
        log.accept("registered " + model + ":" + version + " as challenger");
        DisparityGate.Verdict fairness =
                DisparityGate.judge(
                        policy.maxDisparityWidening(),
                        DisparityGate.worst(
                                served.segmentNames(),
                                holdout,
                                challengerScores,
                                manifest.threshold()),
                        DisparityGate.worst(
                                served.segmentNames(),
                                holdout,
                                championScores,
                                championManifest.threshold()));
        log.accept("disparity on the holdout: " + fairness.summary());
        boolean aucBeats = challengerAuc >= championAuc + policy.minAucGain();
        boolean wins = aucBeats && fairness.allows();
        boolean inShadow = wins && policy.shadow() != null;
        if (inShadow) {
            registry.moveAlias(model, version, ServingPlan.SHADOW, activation, ACTOR);
        } else if (wins) {
            registry.moveAlias(model, version, ServingPlan.CHAMPION, activation, ACTOR);
        }
        String verdict =
                String.format(
                        Locale.ROOT,
                        "holdout AUC %.3f %s %.3f by at least %.2f",
                        challengerAuc,
                        aucBeats ? "beats" : "does not beat",
                        championAuc,
                        policy.minAucGain());
        String name = model + ":" + version;
        return outcome(
                version,
                wins && !inShadow,
                challengerAuc,
                championAuc,
                inShadow
                        ? "put "
                                + name
                                + " in shadow: "
                                + verdict
                                + "; it is promoted on live evidence"
                        : wins
                                ? "promoted " + name + " to champion: " + verdict
                                : aucBeats
                                        ? "kept "
                                                + name
                                                + " as challenger: "
                                                + verdict
                                                + ", but it widens the worst disparity"
                                        : "kept " + name + " as challenger: " + verdict);
    }

    private RetrainOutcome outcome(
            String version,
            boolean promoted,
            double challengerAuc,
            double championAuc,
            String summary) {
        log.accept(summary);
        return new RetrainOutcome(false, version, promoted, challengerAuc, championAuc, summary);
    }

    /**
     * Rows from the first evidence window on (the world as it is now), within the training window.
     */
    private Instant since(RetrainRequest request) {
        Instant earliest = request.getWindowEnd().minus(policy.trainingWindow());
        Instant degraded =
                request.getEvidence().isEmpty()
                        ? earliest
                        : request.getEvidence().get(0).getWindowStart();
        return degraded.isAfter(earliest) ? degraded : earliest;
    }

    private Map<String, String> tags(RegistryState state, RegistryState.VersionInfo version) {
        try {
            return registry.store().readManifest(version.registration()).tags();
        } catch (ArtifactException e) {
            return Map.of();
        }
    }

    /** One more than the highest numeric version (1 when there is none). */
    static String nextVersion(RegistryState state, String model) {
        long highest =
                state.versions(model).stream()
                        .map(v -> v.registration().getVersion())
                        .filter(v -> v.matches("\\d{1,18}"))
                        .mapToLong(Long::parseLong)
                        .max()
                        .orElse(0);
        return String.valueOf(highest + 1);
    }

    private static List<LabelledVector> vectors(List<ServedRows.LabelledRow> rows) {
        return rows.stream().map(r -> new LabelledVector(r.features(), r.fraud())).toList();
    }
}
