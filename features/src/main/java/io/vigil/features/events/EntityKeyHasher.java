package io.vigil.features.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces a card number by a keyed hash (HMAC-SHA256, lower-case hex) so that state, topics and
 * logs never hold the number in clear, while the same card always maps to the same key.
 *
 * <p>Without the secret the key cannot be reversed by enumerating card numbers (a plain hash
 * could). Not thread-safe: one instance per operator instance.
 */
public final class EntityKeyHasher {

    /** Shortest secret accepted: HMAC-SHA256 keys shorter than 128 bits are guessable. */
    public static final int MIN_SECRET_BYTES = 16;

    private final Mac mac;

    public EntityKeyHasher(String secret) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "the entity key secret must be at least "
                            + MIN_SECRET_BYTES
                            + " bytes: set vigil.entity-key.secret (e.g. from a Kubernetes"
                            + " Secret)");
        }
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** The entity key of {@code cardNumber}: 64 hex characters. */
    public String keyOf(String cardNumber) {
        byte[] digest = mac.doFinal(cardNumber.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }
}
