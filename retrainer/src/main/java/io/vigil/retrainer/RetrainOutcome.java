package io.vigil.retrainer;

/**
 * What the retrainer did with a request.
 *
 * @param waitingForData true when too few labels have matured yet: the request should be tried
 *     again later
 * @param challengerVersion the registered version, or null when none was trained
 * @param promoted whether it became champion
 * @param challengerAuc its AUC on the holdout (NaN when none was trained)
 * @param championAuc the champion's AUC on the same holdout (NaN when unknown)
 * @param summary one sentence for people and logs
 */
public record RetrainOutcome(
        boolean waitingForData,
        String challengerVersion,
        boolean promoted,
        double challengerAuc,
        double championAuc,
        String summary) {}
