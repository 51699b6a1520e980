package io.vigil.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaAccessTest {

    @Test
    void loadsTheClientSettingsOfAFileForTools(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n");

        KafkaAccess access = KafkaAccess.load("kafka:9093", file.toString());

        assertThat(access.clientProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN");
        assertThat(access.properties()).containsEntry("bootstrap.servers", "kafka:9093");
        assertThat(KafkaAccess.load("kafka:9093", null).clientProperties()).isEmpty();
    }

    @Test
    void anUnreadableFileIsRefusedWithItsName(@TempDir Path dir) {
        String missing = dir.resolve("missing.properties").toString();
        assertThatThrownBy(() -> KafkaAccess.load("kafka:9093", missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read " + missing);
    }
}
