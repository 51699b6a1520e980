package io.vigil.e2e.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.jobs.config.MonitoringOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Prometheus alert rules deployed with Vigil, in the base and in each overlay: one rule for
 * each failure an operator must hear of, each with a severity and a text saying what to do, and the
 * model-quality thresholds equal to the jobs' own retrain defaults. That every metric the rules
 * query is exported is checked against running jobs (the demo's drift loop test).
 */
class AlertRulesTest {

    private static final Path K8S = Path.of("..", "k8s");

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyFailureAnOperatorMustHearOfHasARule(String kustomization) throws IOException {
        Map<String, Map<String, Object>> rules = rules(kustomization);

        assertThat(rules)
                .containsOnlyKeys(
                        "VigilScoreDrift",
                        "VigilFeatureDrift",
                        "VigilAucBelowThreshold",
                        "VigilModelErrors",
                        "VigilModelQuarantined",
                        "VigilUnscoredEvents",
                        "VigilDeadLetterRate",
                        "VigilConsumerBacklog",
                        "VigilCheckpointFailures",
                        "VigilJobRestarts");
        for (Map<String, Object> rule : rules.values()) {
            String expr = (String) rule.get("expr");
            assertThat(expr).as("%s's expression", rule.get("alert")).contains("flink_");
            assertThat(expr.chars().filter(c -> c == '(').count())
                    .as("%s's parentheses balance", rule.get("alert"))
                    .isEqualTo(expr.chars().filter(c -> c == ')').count());
            assertThat(map(rule, "labels").get("severity")).isIn("warning", "critical");
            assertThat(map(rule, "annotations"))
                    .as("%s says what happened and what to do", rule.get("alert"))
                    .containsKeys("summary", "description");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void modelQualityThresholdsAreTheJobsRetrainDefaults(String kustomization) throws IOException {
        Map<String, Map<String, Object>> rules = rules(kustomization);

        assertThat(threshold(rules, "VigilScoreDrift"))
                .isEqualTo(MonitoringOptions.MAX_SCORE_PSI.defaultValue());
        assertThat(threshold(rules, "VigilFeatureDrift"))
                .isEqualTo(MonitoringOptions.MAX_FEATURE_PSI.defaultValue());
        assertThat(threshold(rules, "VigilAucBelowThreshold"))
                .isEqualTo(MonitoringOptions.MIN_AUC.defaultValue());
    }

    /** The number an alert's expression compares with, last in the expression. */
    private static double threshold(Map<String, Map<String, Object>> rules, String alert) {
        String expr = ((String) rules.get(alert).get("expr")).strip();
        return Double.parseDouble(expr.substring(expr.lastIndexOf(' ') + 1));
    }

    /** The alerting rules of the rendered kustomization's one PrometheusRule, by alert name. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> rules(String kustomization) throws IOException {
        List<Map<String, Object>> ruleSets =
                Kustomization.render(K8S.resolve(kustomization)).stream()
                        .filter(d -> "PrometheusRule".equals(d.get("kind")))
                        .toList();
        assertThat(ruleSets).as(kustomization + " deploys one PrometheusRule").hasSize(1);
        return ((List<Map<String, Object>>) map(ruleSets.get(0), "spec").get("groups"))
                .stream()
                        .flatMap(g -> ((List<Map<String, Object>>) g.get("rules")).stream())
                        .collect(
                                Collectors.toMap(
                                        r -> (String) r.get("alert"), Function.identity()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }
}
