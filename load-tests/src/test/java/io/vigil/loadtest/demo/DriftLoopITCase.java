package io.vigil.loadtest.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.Vigil;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The retraining loop on a shortened timeline, with the real broker, MiniCluster, ONNX Runtime and
 * retrainer: {@code ./vigil demo --scenario drift}. The traffic shifts; drift must be seen within 3
 * windows, exactly one retrain request follow, a new version be promoted, and that version beat the
 * old one on post-shift traffic by at least 0.05 AUC.
 */
class DriftLoopITCase {

    @Test
    void driftIsDetectedOneRequestRetrainsAndTheNewModelWinsOnShiftedTraffic() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            status =
                    Vigil.run(
                            new String[] {
                                "demo",
                                "--scenario",
                                "drift",
                                "--duration",
                                "70s",
                                "--shift-after",
                                "20s",
                                "--rate",
                                "500",
                                "--cards",
                                "1500"
                            });
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        original.print(output);

        assertThat(status).isZero();
        Matcher loop =
                Pattern.compile(
                                "loop: drift detected (\\d+) window\\(s\\) after the shift window;"
                                        + " (\\d+) retrain request\\(s\\); (.*?) promoted")
                        .matcher(output);
        assertThat(loop.find()).as("the loop's summary line").isTrue();
        assertThat(Integer.parseInt(loop.group(1)))
                .as("windows between the shift and its detection")
                .isBetween(0, 2);
        assertThat(loop.group(2)).as("retrain requests").isEqualTo("1");
        assertThat(loop.group(3)).isEqualTo("fraud-lr:2");
        Matcher promotion =
                Pattern.compile(
                                "promoted fraud-lr:2 to champion: holdout AUC (\\d\\.\\d+) beats"
                                        + " (\\d\\.\\d+)")
                        .matcher(output);
        assertThat(promotion.find()).as("the retrainer's promotion line").isTrue();
        assertThat(Double.parseDouble(promotion.group(1)) - Double.parseDouble(promotion.group(2)))
                .as("AUC gain of the new model over the old on post-shift traffic")
                .isGreaterThanOrEqualTo(0.05);
        assertThat(output)
                .contains("market shift injected")
                .contains("<< DRIFT")
                .contains("RETRAIN REQUEST")
                .contains("registry: champion -> fraud-lr:2");
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count())
                .as("broker process stopped")
                .isZero();
    }
}
