package io.vigil.features.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EntityKeyHasherTest {

    private static final String SECRET = "a-secret-of-32-bytes-for-testing";

    @Test
    void sameCardSameKeyAndTheNumberIsNotInIt() {
        EntityKeyHasher hasher = new EntityKeyHasher(SECRET);
        String key = hasher.keyOf("4000123412341234");

        assertThat(key).hasSize(64).matches("[0-9a-f]+").doesNotContain("4000123412341234");
        assertThat(new EntityKeyHasher(SECRET).keyOf("4000123412341234")).isEqualTo(key);
        assertThat(hasher.keyOf("4000123412341235")).isNotEqualTo(key);
    }

    @Test
    void keyDependsOnTheSecret() {
        assertThat(new EntityKeyHasher(SECRET).keyOf("4000123412341234"))
                .isNotEqualTo(new EntityKeyHasher(SECRET + "x").keyOf("4000123412341234"));
    }

    @Test
    void knownAnswer() {
        // Computed independently with openssl:
        // printf '4000123412341234' | openssl dgst -sha256 -hmac 'a-secret-of-32-bytes-for-testing'
        assertThat(new EntityKeyHasher(SECRET).keyOf("4000123412341234")).isEqualTo(EXPECTED);
    }

    @Test
    void rejectsShortSecretsWithAnActionableMessage() {
        assertThatThrownBy(() -> new EntityKeyHasher("short"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vigil.entity-key.secret");
    }

    private static final String EXPECTED =
            "6774e38411c5871cda02e1629e77281c689a82f49684e44407259475cea41891";
}
