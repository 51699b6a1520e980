package io.vigil.e2e.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.jobs.config.MonitoringOptions;
import io.vigil.jobs.config.ScoringOptions;
import io.vigil.retrainer.RetrainerOptions;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes deployment in {@code k8s/}: every FlinkDeployment of the base and of each overlay
 * is valid against the Flink Kubernetes Operator's schema, names an entry class that is in the
 * shaded job jar and only options that exist, runs the jar where the Dockerfile puts it, and keeps
 * secrets out of the manifests; the retrainer's Deployment runs its entry point from the same image
 * with options it knows.
 */
class KubernetesManifestsITCase {

    private static final Path K8S = Path.of("..", "k8s");

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyFlinkDeploymentIsValidAgainstTheOperatorSchema(String kustomization)
            throws IOException {
        List<Map<String, Object>> deployments = flinkDeployments(kustomization);

        assertThat(deployments)
                .extracting(d -> metadata(d).get("name"))
                .containsExactlyInAnyOrder("vigil-scoring", "vigil-monitoring");
        StructuralSchema schema = operatorSchema();
        for (Map<String, Object> deployment : deployments) {
            assertThat(schema.validate(deployment))
                    .as(kustomization + " " + metadata(deployment).get("name"))
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void entryClassesAreInTheJarAndArgumentsAreVigilOptions(String kustomization)
            throws IOException {
        Set<String> options = optionKeys(ScoringOptions.class, MonitoringOptions.class);
        String dockerfile = Files.readString(K8S.resolve("Dockerfile"));
        try (JarFile jar = new JarFile(jobJar().toFile())) {
            for (Map<String, Object> deployment : flinkDeployments(kustomization)) {
                Map<String, Object> job = job(deployment);
                String entryClass = (String) job.get("entryClass");
                assertThat(jar.getEntry(entryClass.replace('.', '/') + ".class"))
                        .as(entryClass + " in the shaded jar")
                        .isNotNull();
                assertThat(((String) job.get("jarURI"))).startsWith("local://");
                assertThat(dockerfile)
                        .as("the Dockerfile puts the jar where " + job.get("jarURI") + " points")
                        .contains(((String) job.get("jarURI")).substring("local://".length()));
                List<String> args = args(job);
                for (int i = 0; i < args.size(); i += 2) {
                    assertThat(args.get(i)).as("argument %d of %s", i, entryClass).startsWith("--");
                    assertThat(options)
                            .as(entryClass + " knows " + args.get(i))
                            .contains(args.get(i).substring(2));
                    assertThat(i + 1).as(args.get(i) + " has a value").isLessThan(args.size());
                }
                assertThat(args)
                        .as("Kafka credentials from a mounted Secret")
                        .contains("--" + ScoringOptions.KAFKA_PROPERTIES_FILE.key());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void theRetrainerRunsItsEntryPointFromTheImageWithRetrainerOptions(String kustomization)
            throws IOException {
        List<Map<String, Object>> docs = Kustomization.render(K8S.resolve(kustomization));
        Map<String, Object> retrainer =
                docs.stream()
                        .filter(
                                d ->
                                        "Deployment".equals(d.get("kind"))
                                                && "vigil-retrainer"
                                                        .equals(metadata(d).get("name")))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new AssertionError(
                                                kustomization + " deploys no vigil-retrainer"));
        assertThat(retrainer.get("apiVersion")).isEqualTo("apps/v1");
        Map<String, Object> spec = map(retrainer, "spec");
        assertThat(spec.get("replicas")).as("one retrainer answers each request once").isEqualTo(1);
        Map<String, Object> labels = map(map(map(spec, "template"), "metadata"), "labels");
        assertThat(labels).containsAllEntriesOf(map(map(spec, "selector"), "matchLabels"));

        Map<String, Object> container = containers(map(map(spec, "template"), "spec")).get(0);
        Object image = container.get("image");
        assertThat(flinkDeployments(kustomization))
                .allSatisfy(
                        d -> assertThat(((Map<?, ?>) d.get("spec")).get("image")).isEqualTo(image));
        List<String> command = strings(container.get("command"));
        String mainClass = command.get(command.size() - 1);
        String classpath = command.get(command.indexOf("-cp") + 1);
        String jarPath =
                Arrays.stream(classpath.split(":"))
                        .filter(e -> e.endsWith(".jar"))
                        .findFirst()
                        .orElseThrow();
        assertThat(Files.readString(K8S.resolve("Dockerfile")))
                .as("the Dockerfile puts the retrainer jar at " + jarPath)
                .contains(jarPath);
        try (JarFile jar = new JarFile(deployJar("-deploy.jar").toFile())) {
            assertThat(jar.getEntry(mainClass.replace('.', '/') + ".class"))
                    .as(mainClass + " in the retrainer jar")
                    .isNotNull();
        }

        Set<String> options =
                optionKeys(ScoringOptions.class, MonitoringOptions.class, RetrainerOptions.class);
        List<String> args = strings(container.get("args"));
        for (int i = 0; i < args.size(); i += 2) {
            String key = args.get(i).substring(2);
            if (!key.startsWith("s3.")) { // Flink's S3 file system options, for the artifact store
                assertThat(options).as("the retrainer knows " + args.get(i)).contains(key);
            }
        }
        assertThat(args)
                .contains(
                        "--" + ScoringOptions.BOOTSTRAP_SERVERS.key(),
                        "--" + RetrainerOptions.ARTIFACT_STORE.key(),
                        "--" + ScoringOptions.KAFKA_PROPERTIES_FILE.key());
    }

    @Test
    void secretsAreReferencedNeverInlined() throws IOException {
        List<Map<String, Object>> all = new ArrayList<>();
        for (String kustomization : List.of("base", "overlays/dev", "overlays/prod")) {
            all.addAll(Kustomization.render(K8S.resolve(kustomization)));
        }
        assertThat(all).extracting(d -> d.get("kind")).doesNotContain("Secret");
        Map<String, Object> scoring =
                all.stream()
                        .filter(d -> "vigil-scoring".equals(metadata(d).get("name")))
                        .findFirst()
                        .orElseThrow();
        assertThat(args(job(scoring)))
                .doesNotContain("--" + ScoringOptions.ENTITY_KEY_SECRET.key())
                .contains("--" + ScoringOptions.ENTITY_KEY_SECRET_FILE.key());
        assertThat(new Yaml().dump(all))
                .doesNotContainIgnoringCase("password=")
                .doesNotContain("sasl.jaas.config");
    }

    @Test
    void theRestPortIsReachableOnlyFromTheOperator() throws IOException {
        Map<String, Object> policy =
                Kustomization.render(K8S.resolve("base")).stream()
                        .filter(d -> "NetworkPolicy".equals(d.get("kind")))
                        .findFirst()
                        .orElseThrow();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ingress =
                (List<Map<String, Object>>)
                        ((Map<String, Object>) policy.get("spec")).get("ingress");
        List<Map<String, Object>> restRules =
                ingress.stream()
                        .filter(r -> String.valueOf(r.get("ports")).contains("port=8081"))
                        .toList();

        assertThat(restRules).hasSize(1);
        assertThat(String.valueOf(restRules.get(0).get("from"))).contains("flink-operator");
    }

    @Test
    void theScoringJobRunsNoWiderThanItsTopic() throws IOException {
        for (String kustomization : List.of("base", "overlays/dev", "overlays/prod")) {
            List<Map<String, Object>> docs = Kustomization.render(K8S.resolve(kustomization));
            int partitions =
                    docs.stream()
                            .filter(
                                    d ->
                                            "KafkaTopic".equals(d.get("kind"))
                                                    && "transactions"
                                                            .equals(metadata(d).get("name")))
                            .map(d -> (Integer) ((Map<?, ?>) d.get("spec")).get("partitions"))
                            .findFirst()
                            .orElseThrow();
            Map<String, Object> scoring =
                    docs.stream()
                            .filter(d -> "vigil-scoring".equals(metadata(d).get("name")))
                            .findFirst()
                            .orElseThrow();
            assertThat((Integer) job(scoring).get("parallelism"))
                    .as(kustomization)
                    .isBetween(1, partitions);
        }
    }

    /** The validator itself: a typo and a wrong value are reported, with their paths. */
    @Test
    void aMistakeInAManifestIsReported() throws IOException {
        Map<String, Object> broken = flinkDeployments("base").get(0);
        job(broken).put("upgradeMode", "sometimes");
        job(broken).put("entryclass", "io.vigil.Typo");
        ((Map<String, Object>) broken.get("spec")).remove("flinkVersion");
        ((Map<String, Object>) broken.get("spec")).put("flinkVersion", "v3_0");

        assertThat(operatorSchema().validate(broken))
                .anySatisfy(
                        p -> assertThat(p).startsWith("spec.job.upgradeMode").contains("sometimes"))
                .anySatisfy(p -> assertThat(p).isEqualTo("spec.job.entryclass: unknown field"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.flinkVersion"));
    }

    private static List<Map<String, Object>> flinkDeployments(String kustomization)
            throws IOException {
        return Kustomization.render(K8S.resolve(kustomization)).stream()
                .filter(d -> "FlinkDeployment".equals(d.get("kind")))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static StructuralSchema operatorSchema() throws IOException {
        Map<String, Object> crd =
                Kustomization.load(K8S.resolve("schemas/flinkdeployments.flink.apache.org-v1.yml"))
                        .get(0);
        Map<String, Object> version =
                ((List<Map<String, Object>>)
                                ((Map<String, Object>) crd.get("spec")).get("versions"))
                        .get(0);
        return new StructuralSchema(
                (Map<String, Object>)
                        ((Map<String, Object>) version.get("schema")).get("openAPIV3Schema"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(Map<String, Object> doc) {
        return (Map<String, Object>) doc.get("metadata");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> job(Map<String, Object> deployment) {
        return (Map<String, Object>) ((Map<String, Object>) deployment.get("spec")).get("job");
    }

    @SuppressWarnings("unchecked")
    private static List<String> args(Map<String, Object> job) {
        return ((List<Object>) job.get("args")).stream().map(String::valueOf).toList();
    }

    private static Set<String> optionKeys(Class<?>... holders) {
        Set<String> keys = new HashSet<>();
        for (Class<?> holder : holders) {
            for (Field field : holder.getFields()) {
                if (Modifier.isStatic(field.getModifiers())
                        && ConfigOption.class.isAssignableFrom(field.getType())) {
                    try {
                        keys.add(((ConfigOption<?>) field.get(null)).key());
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
        return keys;
    }

    private static Path jobJar() throws IOException {
        return deployJar("-job.jar");
    }

    /** A deployable jar the build copied into target/ ({@code -job.jar}, {@code -deploy.jar}). */
    private static Path deployJar(String suffix) throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .findFirst()
                    .orElseThrow(
                            () -> new AssertionError("run `mvn verify`: no target/*" + suffix));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> containers(Map<String, Object> podSpec) {
        return (List<Map<String, Object>>) podSpec.get("containers");
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object list) {
        return ((List<Object>) list).stream().map(String::valueOf).toList();
    }
}
