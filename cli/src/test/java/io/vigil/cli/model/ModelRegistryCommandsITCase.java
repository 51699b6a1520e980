package io.vigil.cli.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.testutils.CliRun;
import io.vigil.cli.testutils.TestModelFiles;
import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.modelops.registry.RegistryState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry command line against a real broker and a file artifact store. */
class ModelRegistryCommandsITCase {

    private static EmbeddedKafkaBroker broker;

    @TempDir static Path dir;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.startWithSasl(); // its plain listener serves the other tests
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static CliRun vigil(String... args) {
        return run(List.of(args), "--bootstrap", broker.bootstrapServers(), "--store", store());
    }

    /** Through the SASL/PLAIN listener, with its client settings in a --kafka-properties file. */
    private static CliRun vigilSecured(String... args) throws Exception {
        Path settings = dir.resolve("client.properties");
        Properties properties = new Properties();
        properties.putAll(broker.saslClientSettings());
        try (var writer = Files.newBufferedWriter(settings)) {
            properties.store(writer, null);
        }
        return run(
                List.of(args),
                "--bootstrap",
                broker.saslBootstrapServers(),
                "--kafka-properties",
                settings.toString());
    }

    private static String store() {
        return dir.resolve("store").toUri().toString();
    }

    private static CliRun run(List<String> args, String... connection) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(connection));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static Path[] train(String version, int seed) throws Exception {
        return TestModelFiles.write(dir.resolve("models"), version, seed);
    }

    @Test
    void reachesASecuredClusterWithAKafkaPropertiesFile() throws Exception {
        Path[] v7 = train("7", 7);

        CliRun registered =
                vigilSecured(
                        "model",
                        "register",
                        "--model",
                        v7[0].toString(),
                        "--manifest",
                        v7[1].toString(),
                        "--topic",
                        "secured-model-events",
                        "--store",
                        store());
        assertThat(registered.status()).as(registered.err()).isZero();
        assertThat(registered.out()).contains("registered fraud-lr:7");
        assertThat(
                        vigilSecured(
                                        "model",
                                        "promote",
                                        "fraud-lr",
                                        "7",
                                        "--topic",
                                        "secured-model-events",
                                        "--store",
                                        store())
                                .out())
                .contains("fraud-lr champion -> 7");
        try (ModelRegistry plain =
                new ModelRegistry(
                        broker.bootstrapServers(),
                        "secured-model-events",
                        new ArtifactStore(store()))) {
            assertThat(plain.read().alias("fraud-lr", "champion").orElseThrow().getVersion())
                    .isEqualTo("7");
        }

        CliRun tail =
                vigilSecured(
                        "tail",
                        "secured-model-events",
                        "--type",
                        "ModelEvent",
                        "--from-beginning",
                        "--max",
                        "2",
                        "--idle-timeout",
                        "30s");
        assertThat(tail.status()).as(tail.err()).isZero();
        assertThat(tail.out())
                .contains("\"type\":\"REGISTERED\"")
                .contains("\"type\":\"ALIAS_MOVED\"");
    }

    @Test
    void registersPromotesRollsBackAndListsVersions() throws Exception {
        Path[] v1 = train("1", 1);
        Path[] v2 = train("2", 2);

        assertThat(
                        vigil(
                                        "model",
                                        "register",
                                        "--model",
                                        v1[0].toString(),
                                        "--manifest",
                                        v1[1].toString())
                                .out())
                .contains("registered fraud-lr:1 (sha256 ");
        assertThat(
                        vigil(
                                        "model",
                                        "register",
                                        "--model",
                                        v2[0].toString(),
                                        "--manifest",
                                        v2[1].toString())
                                .status())
                .isZero();
        CliRun again =
                vigil(
                        "model",
                        "register",
                        "--model",
                        v2[0].toString(),
                        "--manifest",
                        v2[1].toString());
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("fraud-lr:2 is registered already");

        assertThat(vigil("model", "promote", "fraud-lr", "1", "--activate-at", "now").out())
                .contains("fraud-lr champion -> 1");
        assertThat(vigil("model", "promote", "fraud-lr", "2").out())
                .contains("fraud-lr champion -> 2 (was 1)");
        assertThat(vigil("model", "shadow", "fraud-lr", "1").status()).isZero();
        assertThat(vigil("model", "canary", "fraud-lr", "1", "10").out())
                .contains("canary 1 for 10% of entities");
        CliRun refusal = vigil("model", "retire", "fraud-lr", "2");
        assertThat(refusal.status()).isEqualTo(1);
        assertThat(refusal.err()).contains("fraud-lr:2 is the champion; move the alias first");
        assertThat(vigil("model", "rollback", "fraud-lr").out()).contains("fraud-lr champion -> 1");
        CliRun missing = vigil("model", "promote", "fraud-lr", "9");
        assertThat(missing.err())
                .contains("fraud-lr:9 is not registered; registered versions: [1, 2]");

        CliRun list = vigil("model", "list");
        assertThat(list.out())
                .contains("MODEL")
                .contains("fraud-lr")
                .containsPattern("1\\s+registered\\s+champion,shadow,canary 10%");
        assertThat(vigil("model", "describe", "fraud-lr:2").out())
                .contains("sha256:")
                .contains("holdoutAuc:");

        try (ModelRegistry registry =
                new ModelRegistry(
                        broker.bootstrapServers(), "model-events", new ArtifactStore(store()))) {
            RegistryState state = registry.read();
            assertThat(state.alias("fraud-lr", "champion").orElseThrow().getVersion())
                    .isEqualTo("1");
            String digest = state.version("fraud-lr", "1").orElseThrow().registration().getDigest();
            assertThat(ArtifactStore.sha256(Files.readAllBytes(v1[0]))).isEqualTo(digest);
        }
    }

    @Test
    void refusesAModelThatDoesNotMatchItsManifest() throws Exception {
        Path[] v3 = train("3", 3);
        String manifest =
                Files.readString(v3[1])
                        .replace("name: \"input\"", "name: \"features\"")
                        .replace("name: input", "name: features");
        Path wrong = Files.writeString(dir.resolve("wrong.yaml"), manifest);

        CliRun run =
                vigil(
                        "model",
                        "register",
                        "--model",
                        v3[0].toString(),
                        "--manifest",
                        wrong.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("not registered").contains("has no input 'features'");
    }
}
