package io.vigil.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.jobs.config.KafkaAccess;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequiredTopicsITCase {

    @Test
    void aMissingTopicFailsTheStartOnceNamingItInsteadOfARestartLoop() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(1, List.of("transactions", "predictions"));
            KafkaAccess kafka = KafkaAccess.of(broker.bootstrapServers());

            assertThatCode(
                            () ->
                                    RequiredTopics.check(
                                            kafka, List.of("transactions", "predictions")))
                    .doesNotThrowAnyException();
            assertThatThrownBy(
                            () ->
                                    RequiredTopics.check(
                                            kafka,
                                            List.of(
                                                    "transactions",
                                                    "model-events",
                                                    "dead-letters")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("topics missing on " + broker.bootstrapServers())
                    .hasMessageContaining("[model-events, dead-letters]")
                    .hasMessageContaining("k8s/base/topics.yaml");
        }
    }
}
