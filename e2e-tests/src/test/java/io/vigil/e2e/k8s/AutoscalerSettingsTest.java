package io.vigil.e2e.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scoring job's autoscaler settings, in the base and each overlay: every {@code
 * job.autoscaler.*} key is an option of the Flink Kubernetes Operator's autoscaler with a value of
 * its type (a misspelt key would be silently ignored by the operator), and the bounds agree with
 * each other, with the job's parallelism, the transactions topic and the job's max parallelism.
 */
class AutoscalerSettingsTest {

    private static final Path K8S = Path.of("..", "k8s");

    private enum Kind {
        BOOLEAN,
        INT,
        DOUBLE,
        DURATION,
        TEXT
    }

    /** The autoscaler's options (flink-autoscaler 1.13, {@code AutoScalerOptions}) and types. */
    private static final Map<String, Kind> OPTIONS =
            Map.ofEntries(
                    Map.entry("enabled", Kind.BOOLEAN),
                    Map.entry("scaling.enabled", Kind.BOOLEAN),
                    Map.entry("metrics.window", Kind.DURATION),
                    Map.entry("stabilization.interval", Kind.DURATION),
                    Map.entry("excluded.periods", Kind.TEXT),
                    Map.entry("target.utilization", Kind.DOUBLE),
                    Map.entry("target.utilization.boundary", Kind.DOUBLE),
                    Map.entry("scale-up.grace-period", Kind.DURATION),
                    Map.entry("vertex.min-parallelism", Kind.INT),
                    Map.entry("vertex.max-parallelism", Kind.INT),
                    Map.entry("scale-down.max-factor", Kind.DOUBLE),
                    Map.entry("scale-up.max-factor", Kind.DOUBLE),
                    Map.entry("catch-up.duration", Kind.DURATION),
                    Map.entry("restart.time", Kind.DURATION),
                    Map.entry("restart.time-tracking.enabled", Kind.BOOLEAN),
                    Map.entry("restart.time-tracking.limit", Kind.DURATION),
                    Map.entry("backlog-processing.lag-threshold", Kind.DURATION),
                    Map.entry("scaling.effectiveness.detection.enabled", Kind.BOOLEAN),
                    Map.entry("scaling.effectiveness.threshold", Kind.DOUBLE),
                    Map.entry("memory.gc-pressure.threshold", Kind.DOUBLE),
                    Map.entry("memory.heap-usage.threshold", Kind.DOUBLE),
                    Map.entry("memory.tuning.enabled", Kind.BOOLEAN),
                    Map.entry("memory.tuning.overhead", Kind.DOUBLE),
                    Map.entry("history.max.count", Kind.INT),
                    Map.entry("history.max.age", Kind.DURATION),
                    Map.entry("vertex.exclude.ids", Kind.TEXT),
                    Map.entry("quota.cpu", Kind.DOUBLE));

    private static final String PREFIX = "job.autoscaler.";

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyAutoscalerKeyIsAnOperatorOptionWithAValueOfItsType(String kustomization)
            throws IOException {
        Map<String, Object> conf = scoringConfiguration(kustomization);

        assertThat(conf).containsEntry(PREFIX + "enabled", "true");
        for (Map.Entry<String, Object> option : conf.entrySet()) {
            if (!option.getKey().startsWith(PREFIX)) {
                continue;
            }
            String name = option.getKey().substring(PREFIX.length());
            assertThat(OPTIONS).as("an autoscaler option").containsKey(name);
            assertThat(option.getValue()).as(option.getKey()).isInstanceOf(String.class);
            String value = (String) option.getValue();
            assertThatCode(() -> parse(OPTIONS.get(name), value))
                    .as("%s: %s", option.getKey(), value)
                    .doesNotThrowAnyException();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void theBoundsAgreeWithTheJobTheTopicAndEachOther(String kustomization) throws IOException {
        List<Map<String, Object>> docs = Kustomization.render(K8S.resolve(kustomization));
        Map<String, Object> scoring = named(docs, "vigil-scoring");
        Map<String, Object> conf = map(map(scoring, "spec"), "flinkConfiguration");
        int min = Integer.parseInt((String) conf.get(PREFIX + "vertex.min-parallelism"));
        int max = Integer.parseInt((String) conf.get(PREFIX + "vertex.max-parallelism"));
        int parallelism = (Integer) map(map(scoring, "spec"), "job").get("parallelism");
        int partitions = (Integer) map(named(docs, "transactions"), "spec").get("partitions");
        double utilization = Double.parseDouble((String) conf.get(PREFIX + "target.utilization"));
        double boundary =
                Double.parseDouble((String) conf.get(PREFIX + "target.utilization.boundary"));

        assertThat(conf.get("jobmanager.scheduler")).as("rescaled in place").isEqualTo("adaptive");
        assertThat(min).isBetween(1, parallelism);
        assertThat(max)
                .as("no wider than the transactions topic")
                .isBetween(parallelism, partitions);
        assertThat(partitions)
                .isLessThanOrEqualTo(
                        Integer.parseInt((String) conf.get("pipeline.max-parallelism")));
        assertThat(utilization - boundary).as("lowest utilization kept").isPositive();
        assertThat(utilization + boundary).as("highest utilization kept").isLessThan(1.0);
        assertThat(Double.parseDouble((String) conf.get(PREFIX + "scale-down.max-factor")))
                .isBetween(0.1, 1.0);
        assertThat(duration(conf, "stabilization.interval"))
                .as("longer than a restart")
                .isGreaterThanOrEqualTo(duration(conf, "restart.time"));
        assertThat(duration(conf, "metrics.window"))
                .isGreaterThanOrEqualTo(duration(conf, "stabilization.interval"));
    }

    private static void parse(Kind kind, String value) {
        switch (kind) {
            case BOOLEAN -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new IllegalArgumentException("not a boolean");
                }
            }
            case INT -> Integer.parseInt(value);
            case DOUBLE -> Double.parseDouble(value);
            case DURATION -> TimeUtils.parseDuration(value);
            case TEXT -> {}
        }
    }

    private static Duration duration(Map<String, Object> conf, String option) {
        return TimeUtils.parseDuration((String) conf.get(PREFIX + option));
    }

    private static Map<String, Object> scoringConfiguration(String kustomization)
            throws IOException {
        Map<String, Object> scoring =
                named(Kustomization.render(K8S.resolve(kustomization)), "vigil-scoring");
        return map(map(scoring, "spec"), "flinkConfiguration");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> named(List<Map<String, Object>> docs, String name) {
        return docs.stream()
                .filter(d -> name.equals(((Map<String, Object>) d.get("metadata")).get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        assertThat(parent.get(key)).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) parent.get(key);
    }
}
