package io.vigil.loadtest.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.Vigil;
import io.vigil.cli.support.RunningDemo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The README's first command, shortened, for each example: the whole slice runs, reports progress,
 * and cleans up.
 */
class DemoITCase {

    @ParameterizedTest
    @CsvSource({"card-fraud, --cards, fraud", "click-through, --users, clicks"})
    void demoScoresLiveTrafficReportsProgressAndLeavesNothingRunning(
            String example, String entities, String positives) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            status =
                    Vigil.run(
                            new String[] {
                                "demo",
                                "--example",
                                example,
                                "--duration",
                                "10s",
                                "--rate",
                                "300",
                                entities,
                                "1000"
                            });
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        original.print(output);

        assertThat(status).isZero();
        assertThat(output)
                .contains("holdout AUC")
                .contains("[  2s] sent")
                .contains("RUNNING")
                .contains(positives + " caught");
        Matcher done =
                Pattern.compile(
                                "done: ([\\d,]+) events sent .*?, ([\\d,]+) predictions,"
                                        + " ([\\d,]+) dead letters")
                        .matcher(output);
        assertThat(done.find()).as("summary line").isTrue();
        assertThat(number(done.group(2)))
                .as("as many predictions as valid events sent")
                .isEqualTo(number(done.group(1)))
                .isGreaterThan(1000);
        assertThat(output)
                .as("and they are the same ids: each sent id scored once, none twice, none missing")
                .contains("ids: 0 events scored twice, 0 never scored");
        assertThat(number(done.group(3))).as("dead letters of the broken records").isPositive();
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count())
                .as("broker process stopped")
                .isZero();
        assertThat(RunningDemo.bootstrap()).isEmpty();
    }

    private static long number(String text) {
        return Long.parseLong(text.replace(",", ""));
    }
}
