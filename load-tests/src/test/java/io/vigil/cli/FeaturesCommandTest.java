package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesCommandTest {

    @TempDir
    Path dir;

    @Test
    void validatesTheExampleSpecAndRejectsABrokenOne() throws Exception {
        assertThat(Vigil.run(new String[] {"features", "validate", "../features/src/main/resources/specs/card-fraud.yaml"})).isZero();

        Path broken = Files.writeString(dir.resolve("broken.yaml"),
                "entities:\n  - {name: card, key: cardNumber, features: [{name: x, aggregation: sum, window: 1h}]}\n");
        assertThat(Vigil.run(new String[] {"features", "validate", broken.toString()})).isEqualTo(1);
        assertThat(Vigil.run(new String[] {"features", "check", broken.toString()})).isEqualTo(2);
    }

    @Test
    void anUnreadableKafkaPropertiesFileIsAUsageErrorBeforeAnyConnection() {
        String missing = dir.resolve("missing.properties").toString();
        String spec = "../features/src/main/resources/specs/card-fraud.yaml";
        String out = dir.resolve("out.csv").toString();
        assertThat(Vigil.run(new String[] {"features", "backfill", spec, "--output", out, "--kafka-properties", missing})).isEqualTo(2);
        assertThat(Vigil.run(new String[] {"features", "served", "--output", out, "--kafka-properties", missing})).isEqualTo(2);
        assertThat(Vigil.run(new String[] {"tail", "predictions", "--kafka-properties", missing})).isEqualTo(2);
    }
}
