package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.cli.support.FlinkDuration;
import io.vigil.cli.testutils.CliRun;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

class VigilCommandTest {

    @Test
    void parsesDurationsAsFlinkOptionsDo() {
        assertThat(FlinkDuration.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(FlinkDuration.parse("14 d")).isEqualTo(Duration.ofDays(14));
        assertThat(FlinkDuration.parse("90d")).isEqualTo(Duration.ofDays(90));
        assertThat(FlinkDuration.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(FlinkDuration.parse("5min")).isEqualTo(Duration.ofMinutes(5));
        assertThat(FlinkDuration.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> FlinkDuration.parse("soon"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'soon' is not a duration");
        assertThatThrownBy(() -> FlinkDuration.parse("90"))
                .hasMessageContaining("needs a unit: 90s, 90ms");
    }

    @Test
    void everyCommandHasHelp() {
        assertHelpEverywhere(Vigil.commandLine());
    }

    private static void assertHelpEverywhere(CommandLine command) {
        String path = command.getCommandSpec().qualifiedName(" ");
        CliRun help =
                CliRun.of(
                        path.replaceFirst("^vigil ?", "").isEmpty()
                                ? new String[] {"--help"}
                                : (path.replaceFirst("^vigil ", "") + " -h").split(" "));
        assertThat(help.status()).as(path + "\n" + help.printed()).isZero();
        assertThat(help.out()).as(path).contains("Usage: " + path);
        command.getSubcommands().values().forEach(VigilCommandTest::assertHelpEverywhere);
    }

    @Test
    void tailTakesHelpForHelpNotForATopicName() {
        CliRun help = CliRun.of("tail", "-h");

        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("Usage: vigil tail").contains("drift-stats");
    }

    @Test
    void printsTheVersion() {
        CliRun version = CliRun.of("--version");

        assertThat(version.status()).isZero();
        assertThat(version.out())
                .startsWith("Vigil 0.")
                .contains("Apache Flink 2.")
                .contains("ONNX Runtime 1.");
    }

    @Test
    void usageMistakesExitWithStatusTwoAndOneLine() {
        CliRun unknown = CliRun.of("nonsense");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unmatched argument at index 0: 'nonsense'");

        CliRun noTopic = CliRun.of("tail");
        assertThat(noTopic.status()).isEqualTo(2);
        assertThat(noTopic.err().lines())
                .containsExactly(
                        "vigil tail: Missing required parameter: 'TOPIC' (./vigil tail -h shows"
                                + " the options)");
        assertThat(unknown.err().lines()).hasSize(1);
        CliRun badDuration = CliRun.of("tail", "predictions", "--idle-timeout", "soon");
        assertThat(badDuration.status()).isEqualTo(2);
        assertThat(badDuration.err()).contains("'soon' is not a duration").doesNotContain("\tat ");

        CliRun noType = CliRun.of("tail", "my-topic");
        assertThat(noType.status()).isEqualTo(2);
        assertThat(noType.err())
                .contains("cannot tell the record type of topic 'my-topic': add --type");
    }

    @Test
    void anUnreachableBrokerIsOneLineAndExitStatusOne() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // free once closed: nothing listens there
        }
        CliRun list = CliRun.of("model", "list", "--bootstrap", "127.0.0.1:" + port);

        assertThat(list.status()).as(list.printed()).isEqualTo(1);
        assertThat(list.err().lines()).as(list.printed()).hasSize(1);
        assertThat(list.err())
                .contains("vigil model list: cannot reach Kafka at 127.0.0.1:" + port);

        CliRun verbose =
                CliRun.of("model", "list", "--bootstrap", "127.0.0.1:" + port, "--verbose");
        assertThat(verbose.err()).contains("\tat io.vigil.cli");
    }
}
