package io.vigil.loadtest.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The retraining loop on a shortened timeline, with the real broker, MiniCluster, ONNX Runtime and
 * retrainer: {@code ./vigil demo --scenario drift}, with MonitoringJob's default drift thresholds
 * (750 cards paying about daily at 250 transactions/s: event time runs 28,800 times faster than the
 * clock). No window before the shift may pass a threshold (the long stationary run is {@link
 * StationaryTrafficITCase}'s); after it, drift must be seen within 3 windows, exactly one retrain
 * request follow, a new version be promoted, and that version beat the old one on post-shift
 * traffic by at least 0.05 AUC. Meanwhile Flink's Prometheus reporter is scraped: every metric that
 * the Grafana dashboard and the alert rules in {@code k8s/base} query must be exported under that
 * name by the running ScoringJob and MonitoringJob.
 */
class DriftLoopITCase {

    private static final Path K8S = Path.of("..", "k8s", "base");
    private static final Pattern METRIC = Pattern.compile("\\bflink_[A-Za-z0-9_]+");
    private static final String AUC = "flink_taskmanager_job_task_operator_model_version_auc";

    @Test
    void driftIsDetectedOneRequestRetrainsAndTheNewModelWinsOnShiftedTraffic() throws Exception {
        int metricsPort = PrometheusScraper.freePort();
        PrometheusScraper metrics = new PrometheusScraper(metricsPort, Set.of(AUC));
        DemoTranscript demo;
        try {
            demo =
                    DemoTranscript.run(
                            "demo",
                            "--scenario",
                            "drift",
                            "--duration",
                            "70s",
                            "--shift-after",
                            "20s",
                            "--rate",
                            "250",
                            "--cards",
                            "750",
                            "--metrics-port",
                            String.valueOf(metricsPort));
        } finally {
            metrics.close();
        }
        String output = demo.output();

        assertThat(demo.status()).isZero();
        assertThat(output.substring(0, output.indexOf("market shift injected")))
                .doesNotContain("RETRAIN REQUEST");
        Matcher loop =
                Pattern.compile(
                                "loop: (\\d+) window\\(s\\) past the thresholds before the shift;"
                                        + " drift detected (\\d+) window\\(s\\) after the shift"
                                        + " window; (\\d+) retrain request\\(s\\); (.*?) promoted")
                        .matcher(output);
        assertThat(loop.find()).as("the loop's summary line").isTrue();
        assertThat(loop.group(1)).as("false alarms on the traffic before the shift").isEqualTo("0");
        assertThat(Integer.parseInt(loop.group(2)))
                .as("windows between the shift and its detection")
                .isBetween(0, 2);
        assertThat(loop.group(3)).as("retrain requests").isEqualTo("1");
        assertThat(loop.group(4)).isEqualTo("fraud-lr:2");
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
        assertEveryQueriedMetricWasExported(metrics);
    }

    private static void assertEveryQueriedMetricWasExported(PrometheusScraper metrics)
            throws Exception {
        Set<String> queried = new TreeSet<>();
        for (String file : List.of("dashboards/vigil.json", "alert-rules.yaml")) {
            Matcher names = METRIC.matcher(Files.readString(K8S.resolve(file)));
            while (names.find()) {
                queried.add(names.group());
            }
        }
        assertThat(queried).as("what the dashboard and alert rules query").hasSizeGreaterThan(15);
        assertThat(metrics.names()).as("metrics exported while the jobs ran").containsAll(queried);

        String operator = "flink_taskmanager_job_task_operator_";
        // A version's gauge holds its latest window, NaN once it decides no more (after a
        // promotion): some window of the run must have had a real AUC.
        assertThat(metrics.everyKeptSample())
                .as("AUC on matured labels, some window of some version")
                .anySatisfy(s -> assertThat(value(s)).isBetween(0.6, 1.0));
        assertThat(metrics.samples(operator + "model_version_feature_psi"))
                .as("PSI of each feature")
                .anySatisfy(s -> assertThat(s).contains("feature=\"amount\""));
        assertThat(metrics.samples(operator + "reason_deadLetters"))
                .as("dead letters by reason (the demo sends broken records)")
                .anySatisfy(s -> assertThat(s).contains("reason=\"UNDECODABLE\""));
    }

    /** The value of a sample line. */
    private static double value(String sample) {
        return Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
    }
}
