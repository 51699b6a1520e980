package io.vigil.modelops.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.ModelEventType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryStateTest {

    private static ModelEvent registered(String version) {
        return ModelEvents.base(ModelEventType.REGISTERED, "m", "test", null)
                .setVersion(version)
                .setDigest(digest(version))
                .setModelUri("u" + version)
                .setManifestUri("y" + version)
                .build();
    }

    private static String digest(String version) {
        return ArtifactStore.sha256(version.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void foldsVersionsAliasesAndStatuses() {
        RegistryState state = new RegistryState();
        state.apply(registered("1"));
        state.apply(registered("10"));
        state.apply(registered("2"));
        state.apply(
                ModelEvents.aliasMoved(
                        registered("1"), "champion", List.of(), Instant.EPOCH, "test"));
        state.apply(
                ModelEvent.newBuilder(registered("2"))
                        .setType(ModelEventType.REJECTED)
                        .setReason("NaN")
                        .build());

        assertThat(state.models()).containsExactly("m");
        assertThat(state.versions("m"))
                .extracting(v -> v.registration().getVersion())
                .containsExactly("1", "2", "10");
        assertThat(state.version("m", "2").orElseThrow().status()).isEqualTo("rejected");
        assertThat(state.version("m", "2").orElseThrow().reason()).isEqualTo("NaN");
        assertThat(state.version("m", "2").orElseThrow().registration().getDigest())
                .isEqualTo(digest("2"));
        assertThat(state.alias("m", "champion").orElseThrow().getVersion()).isEqualTo("1");
    }

    @Test
    void aliasHistoryIsMostRecentFirstAndBounded() {
        RegistryState state = new RegistryState();
        for (int v = 1; v <= 15; v++) {
            state.apply(registered(String.valueOf(v)));
            state.apply(
                    ModelEvents.aliasMoved(
                            registered(String.valueOf(v)),
                            "champion",
                            state.historyAfterMove("m", "champion"),
                            Instant.EPOCH,
                            "test"));
        }

        List<String> history = state.alias("m", "champion").orElseThrow().getPreviousVersions();
        assertThat(history).hasSize(RegistryState.ALIAS_HISTORY).startsWith("14", "13");
    }

    @Test
    void skipsAndCountsMalformedEventsInsteadOfFailing() {
        RegistryState state = new RegistryState();
        state.apply(registered("1"));

        List<ModelEvent> hostile =
                List.of(
                        ModelEvent.newBuilder(registered("2")).setVersion(null).build(),
                        ModelEvent.newBuilder(registered("3")).setModelName("../../etc").build(),
                        ModelEvent.newBuilder(registered("4")).setDigest("not-a-digest").build(),
                        ModelEvent.newBuilder(registered("5")).setVersion("5/../../x").build(),
                        ModelEvent.newBuilder(
                                        ModelEvents.aliasMoved(
                                                registered("1"),
                                                "champion",
                                                List.of(),
                                                Instant.EPOCH,
                                                "t"))
                                .setAlias(null)
                                .build(),
                        ModelEvents.base(ModelEventType.CANARY_SET, "m", "t", null)
                                .setVersion("1")
                                .setDigest(digest("1"))
                                .setCanaryPercent(1000)
                                .build());
        for (ModelEvent event : hostile) {
            assertThat(state.apply(event)).isFalse();
        }

        assertThat(state.skipped()).isEqualTo(hostile.size());
        assertThat(state.versions("m"))
                .extracting(v -> v.registration().getVersion())
                .containsExactly("1");
        assertThat(state.alias("m", "champion")).isEmpty();
        assertThat(state.canary("m")).isEmpty();
    }
}
