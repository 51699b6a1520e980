package io.vigil.modelops.registry;

import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.ModelEventType;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a registry event is well-formed before anything acts on it: names and versions are plain
 * identifiers (they become paths in the artifact store), digests are SHA-256 hex, what the event's
 * type needs is present. Anyone who can write the model-events topic can send anything; a malformed
 * event is skipped and counted, never applied and never a failure. The problems are text Vigil
 * writes: they never quote the event's contents.
 */
public final class ModelEventCheck {

    /** A SHA-256 digest in lowercase hex. */
    public static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    private ModelEventCheck() {}

    /** What is wrong with {@code event}, or empty when it may be applied. */
    public static Optional<String> problem(ModelEvent event) {
        if (event.getType() == null || event.getEventId() == null) {
            return Optional.of("no type or event id");
        }
        if (!isName(event.getModelName())) {
            return Optional.of("the model name is missing or not a plain identifier");
        }
        boolean stoppedCanary =
                event.getType() == ModelEventType.CANARY_SET
                        && (event.getCanaryPercent() == null || event.getCanaryPercent() == 0);
        if (!stoppedCanary && !isName(event.getVersion())) {
            return Optional.of("the version is missing or not a plain identifier");
        }
        if (event.getType() == ModelEventType.ALIAS_MOVED && !isName(event.getAlias())) {
            return Optional.of("the alias is missing or not a plain identifier");
        }
        if (event.getCanaryPercent() != null
                && (event.getCanaryPercent() < 0 || event.getCanaryPercent() > 100)) {
            return Optional.of("the canary share is outside 0..100");
        }
        boolean needsArtifacts =
                !stoppedCanary
                        && (event.getType() == ModelEventType.REGISTERED
                                || event.getType() == ModelEventType.ALIAS_MOVED
                                || event.getType() == ModelEventType.CANARY_SET);
        if (needsArtifacts && !isDigest(event.getDigest())) {
            return Optional.of("the model digest is missing or not SHA-256 hex");
        }
        if (event.getManifestDigest() != null && !isDigest(event.getManifestDigest())) {
            return Optional.of("the manifest digest is not SHA-256 hex");
        }
        if (event.getActivationTime() == null || event.getCreatedAt() == null) {
            return Optional.of("no activation or creation time");
        }
        return Optional.empty();
    }

    public static boolean isName(String value) {
        return value != null && ModelManifest.IDENTIFIER.matcher(value).matches();
    }

    public static boolean isDigest(String value) {
        return value != null && DIGEST.matcher(value).matches();
    }
}
