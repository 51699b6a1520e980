package io.vigil.e2e.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.jobs.config.MonitoringOptions;
import io.vigil.jobs.config.ScoringOptions;
import io.vigil.retrainer.RetrainerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} is what the option classes say, and every option says something.
 */
class ConfigurationDocsTest {

    private static final Path PAGE = Path.of("..", "docs", "configuration.md");

    private static Map<String, List<Class<?>>> components() {
        Map<String, List<Class<?>>> components = new LinkedHashMap<>();
        components.put(
                "Scoring job (and what the monitoring job and the retrainer share)",
                List.of(ScoringOptions.class));
        components.put("Monitoring job", List.of(MonitoringOptions.class));
        components.put("Retrainer", List.of(RetrainerOptions.class));
        return components;
    }

    @Test
    void everyOptionIsDescribed() {
        components().values().stream()
                .flatMap(List::stream)
                .flatMap(holder -> ConfigurationDocs.options(holder).stream())
                .forEach(
                        option ->
                                assertThat(ConfigurationDocs.description(option))
                                        .as(option.key())
                                        .hasSizeGreaterThan(10));
    }

    @Test
    void theConfigurationReferenceIsCurrent() throws Exception {
        String generated = ConfigurationDocs.render(components());
        if (System.getenv("VIGIL_WRITE_DOCS") != null) {
            Files.writeString(PAGE, generated);
        }
        assertThat(Files.readString(PAGE))
                .as(
                        "docs/configuration.md is stale: VIGIL_WRITE_DOCS=1 mvn -B -pl e2e-tests"
                                + " test -Dtest=ConfigurationDocsTest")
                .isEqualTo(generated);
    }
}
