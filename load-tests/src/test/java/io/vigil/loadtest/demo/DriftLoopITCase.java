package io.vigil.loadtest.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
 * request follow, the new version run in shadow and be judged on live evidence: on the same shifted
 * transactions at least 0.03 AUC above the old, promoted exactly when the gain's 95% lower bound is
 * positive. The live dashboard must have shown the loop as it ran. Meanwhile Flink's Prometheus
 * reporter is scraped: every metric that the Grafana dashboard and the alert rules in {@code
 * k8s/base} query must be exported under that name by the running ScoringJob and MonitoringJob.
 */
class DriftLoopITCase {

    private static final Path K8S = Path.of("..", "k8s", "base");
    private static final Pattern METRIC = Pattern.compile("\\bflink_[A-Za-z0-9_]+");
    private static final String AUC = "flink_taskmanager_job_task_operator_model_version_auc";

    @Test
    void driftIsDetectedOneRequestRetrainsAndTheNewModelWinsOnShiftedTraffic() throws Exception {
        int metricsPort = PrometheusScraper.freePort();
        int dashboardPort = PrometheusScraper.freePort();
        PrometheusScraper metrics = new PrometheusScraper(metricsPort, Set.of(AUC));
        DashboardPoller dashboard = new DashboardPoller(dashboardPort);
        DemoTranscript demo;
        try {
            demo =
                    DemoTranscript.run(
                            "demo",
                            "--scenario",
                            "drift",
                            "--duration",
                            "100s",
                            "--shift-after",
                            "20s",
                            "--rate",
                            "250",
                            "--cards",
                            "750",
                            "--metrics-port",
                            String.valueOf(metricsPort),
                            "--dashboard-port",
                            String.valueOf(dashboardPort));
        } finally {
            metrics.close();
            dashboard.close();
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
        boolean promoted = loop.group(4).equals("fraud-lr:2");
        assertThat(loop.group(4)).isIn("fraud-lr:2", "nothing");
        assertThat(output)
                .as("the challenger first scores in shadow")
                .contains("put fraud-lr:2 in shadow: holdout AUC")
                .contains("registry: shadow -> fraud-lr:2");
        // The live judgement is one DeLong test at the trial's minimum evidence (25 frauds or a
        // few more here): on the demo's shifted traffic it is sure in most runs, not in all. Either
        // way it must judge on live evidence and see the challenger ahead;
        // the decision rule itself is tested on fixed evidence (ShadowTrialsITCase).
        Matcher judged =
                Pattern.compile(
                                "(promoted fraud-lr:2 to champion: wins|kept fraud-lr:1 as"
                                        + " champion; fraud-lr:2 its AUC gain is not sure) on"
                                        + " ([\\d,]+) live transactions in shadow \\((\\d+)"
                                        + " fraud\\): AUC (\\d\\.\\d+) vs (\\d\\.\\d+)"
                                        + " \\(gain [-+]\\d\\.\\d+, 95% lower bound"
                                        + " ([-+]\\d\\.\\d+), DeLong\\)")
                        .matcher(output);
        assertThat(judged.find()).as("the judgement on live shadow evidence").isTrue();
        assertThat(judged.group(1).startsWith("promoted")).isEqualTo(promoted);
        assertThat(Integer.parseInt(judged.group(2).replace(",", "")))
                .as("live transactions judged")
                .isGreaterThanOrEqualTo(1500);
        assertThat(Double.parseDouble(judged.group(4)) - Double.parseDouble(judged.group(5)))
                .as("live AUC gain of the new model over the old on the same shifted transactions")
                .isGreaterThanOrEqualTo(0.03);
        assertThat(Double.parseDouble(judged.group(6)) > 0)
                .as("promoted exactly when the gain's lower confidence bound is positive")
                .isEqualTo(promoted);
        assertThat(output)
                .contains("market shift injected")
                .contains("<< DRIFT")
                .contains("RETRAIN REQUEST");
        if (promoted) {
            assertThat(output).contains("registry: champion -> fraud-lr:2");
        }
        assertTheDashboardShowedTheLoop(dashboard, promoted);
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count())
                .as("broker process stopped")
                .isZero();
        assertEveryQueriedMetricWasExported(metrics);
    }

    /**
     * The live dashboard's last state: traffic, drift, performance, segments, the trial's outcome.
     */
    private static void assertTheDashboardShowedTheLoop(
            DashboardPoller dashboard, boolean promoted) {
        JsonNode state = dashboard.latest();
        assertThat(state).as("the dashboard answered").isNotNull();
        assertThat(dashboard.answers()).as("answers while the demo ran").isGreaterThan(60);
        JsonNode ticks = state.get("ticks");
        assertThat(ticks.get(ticks.size() - 1).get("scored").asLong()).isGreaterThan(10_000);
        assertThat(state.get("drift"))
                .anySatisfy(d -> assertThat(d.get("maxFeaturePsi").asDouble()).isGreaterThan(0.25));
        assertThat(state.get("performance"))
                .anySatisfy(p -> assertThat(p.get("auc").asDouble()).isBetween(0.5, 1.0));
        assertThat(state.get("segments"))
                .anySatisfy(g -> assertThat(g.get("segments")).isNotEmpty());
        assertThat(state.get("registry"))
                .anySatisfy(
                        e -> {
                            assertThat(e.get("alias").asText())
                                    .isEqualTo(promoted ? "champion" : "shadow");
                            assertThat(e.get("version").asText()).isEqualTo(promoted ? "2" : "1");
                            assertThat(e.get("reason").asText()).contains("live transactions");
                        });
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
