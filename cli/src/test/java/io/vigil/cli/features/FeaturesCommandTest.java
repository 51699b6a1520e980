package io.vigil.cli.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.testutils.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesCommandTest {

    private static final String SPEC = "../features/src/main/resources/specs/card-fraud.yaml";

    @TempDir Path dir;

    @Test
    void validatesTheExampleSpecAndRejectsABrokenOne() throws Exception {
        CliRun valid = CliRun.of("features", "validate", SPEC);
        assertThat(valid.status()).as(valid.printed()).isZero();
        assertThat(valid.out()).contains("is valid: 3 entities");

        Path broken =
                Files.writeString(
                        dir.resolve("broken.yaml"),
                        "entities:\n"
                            + "  - {name: card, key: cardNumber, features: [{name: x, aggregation:"
                            + " sum, window: 1h}]}\n");
        assertThat(CliRun.of("features", "validate", broken.toString()).status()).isEqualTo(1);
        assertThat(CliRun.of("features", "check", broken.toString()).status()).isEqualTo(2);
    }

    @Test
    void anUnreadableKafkaPropertiesFileIsAUsageErrorBeforeAnyConnection() {
        String missing = dir.resolve("missing.properties").toString();
        String out = dir.resolve("out.csv").toString();
        assertThat(
                        CliRun.of(
                                        "features",
                                        "backfill",
                                        SPEC,
                                        "--output",
                                        out,
                                        "--kafka-properties",
                                        missing)
                                .status())
                .isEqualTo(2);
        assertThat(
                        CliRun.of(
                                        "features",
                                        "served",
                                        "--output",
                                        out,
                                        "--kafka-properties",
                                        missing)
                                .status())
                .isEqualTo(2);
        CliRun tail = CliRun.of("tail", "predictions", "--kafka-properties", missing);
        assertThat(tail.status()).isEqualTo(2);
        assertThat(tail.err()).contains("--kafka-properties").doesNotContain("\tat ");
    }

    @Test
    void takesDurationsLikeFlinkOptions() {
        // --since 7d parses; the command then stops at the Kafka check (nothing listens on port 1).
        CliRun served =
                CliRun.of(
                        "features",
                        "served",
                        "--output",
                        dir.resolve("o.csv").toString(),
                        "--since",
                        "7d",
                        "--bootstrap",
                        "127.0.0.1:1");
        assertThat(served.status()).as(served.printed()).isEqualTo(1);
        assertThat(served.err())
                .contains("cannot reach Kafka at 127.0.0.1:1")
                .doesNotContain("duration");
    }
}
