package io.vigil.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.Vigil;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The commands this module contributes are found, and take their arguments as the built-in ones do.
 */
class ContributedCommandsTest {

    @Test
    void theDemoTrainBenchAndJmhAreCommandsOfVigil() {
        assertThat(Vigil.commandLine().getSubcommands())
                .containsKeys("demo", "train", "bench", "jmh", "model", "tail");
    }

    @Test
    void enumValuesInAnyCaseAndFlinkDurations() {
        String[] demo = {
            "demo",
            "--delivery",
            "at_least_once",
            "--state",
            "HashMap",
            "--scenario",
            "drift",
            "--duration",
            "14 d",
            "--shift-after",
            "500ms",
            "-h"
        };
        assertThat(run(demo).status()).isZero();
        Run bad = run("demo", "--delivery", "sometimes");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("--delivery").contains("sometimes").doesNotContain("\tat ");
        Run noUnit = run("demo", "--duration", "60");
        assertThat(noUnit.status()).isEqualTo(2);
        assertThat(noUnit.err()).contains("'60' needs a unit");
    }

    private record Run(int status, String err) {}

    private static Run run(String... args) {
        PrintStream err = System.err;
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            System.setOut(
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            return new Run(Vigil.run(args), captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
    }
}
