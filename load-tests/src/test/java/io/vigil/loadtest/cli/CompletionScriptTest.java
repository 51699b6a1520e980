package io.vigil.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.Vigil;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The shipped completion script covers every command, the contributed ones included (this module
 * contributes them, so the test lives here). Regenerate it with {@code ./vigil completion >
 * cli/vigil_completion.bash}.
 */
class CompletionScriptTest {

    private static final Path SHIPPED = Path.of("..", "cli", "vigil_completion.bash");

    @Test
    void theShippedCompletionScriptIsCurrent() throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream generated = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(generated, true, StandardCharsets.UTF_8));
            status = Vigil.run("completion");
        } finally {
            System.setOut(out);
        }

        String script = generated.toString(StandardCharsets.UTF_8);
        assertThat(status).isZero();
        assertThat(script)
                .contains("demo")
                .contains("bench")
                .contains("tail")
                .contains("--activate-at");
        assertThat(Files.readString(SHIPPED))
                .as(
                        "cli/vigil_completion.bash is stale: ./vigil completion >"
                                + " cli/vigil_completion.bash")
                .isEqualTo(script);
    }
}
