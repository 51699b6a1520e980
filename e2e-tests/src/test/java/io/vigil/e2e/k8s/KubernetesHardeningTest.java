package io.vigil.e2e.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.codec.AvroLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rule of the hardened deployment, in the base and in each overlay: pods run as non-root with
 * a read-only root file system, no capabilities and the runtime's seccomp profile, writing only to
 * bounded volumes; Flink accepts no jar uploads, bounds Avro's allocations, and runs its
 * TaskManagers as an account without rights on pods; the NetworkPolicy opens only the ports Vigil
 * uses, in both directions.
 */
class KubernetesHardeningTest {

    private static final Path K8S = Path.of("..", "k8s");
    private static final Set<Integer> FLINK_PORTS = Set.of(6121, 6122, 6123, 6124, 6125);

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyPodRunsLockedDownAndWritesOnlyToBoundedVolumes(String kustomization)
            throws IOException {
        List<Map<String, Object>> pods = podSpecs(render(kustomization));
        assertThat(pods).hasSize(3); // scoring, monitoring, retrainer

        for (Map<String, Object> pod : pods) {
            Map<String, Object> security = map(pod, "securityContext");
            assertThat(security.get("runAsNonRoot")).isEqualTo(true);
            assertThat(map(security, "seccompProfile").get("type")).isEqualTo("RuntimeDefault");
            List<Map<String, Object>> volumes = list(pod, "volumes");
            for (Map<String, Object> volume : volumes) {
                if (volume.containsKey("emptyDir")) {
                    assertThat(map(volume, "emptyDir"))
                            .as("volume %s is bounded", volume.get("name"))
                            .containsKey("sizeLimit");
                }
            }
            for (Map<String, Object> container : list(pod, "containers")) {
                Map<String, Object> context = map(container, "securityContext");
                assertThat(context.get("readOnlyRootFilesystem")).isEqualTo(true);
                assertThat(context.get("allowPrivilegeEscalation")).isEqualTo(false);
                assertThat(map(context, "capabilities").get("drop")).isEqualTo(List.of("ALL"));
                assertThat(map(map(container, "resources"), "limits"))
                        .containsKey("ephemeral-storage");
                assertThat(mountPaths(container)).contains("/tmp");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void flinkAcceptsNoUploadsBoundsAvroAndKeepsPodRightsFromTaskManagers(String kustomization)
            throws IOException {
        List<Map<String, Object>> docs = render(kustomization);
        for (Map<String, Object> deployment : ofKind(docs, "FlinkDeployment")) {
            Map<String, Object> conf = map(map(deployment, "spec"), "flinkConfiguration");
            Map<String, Object> container =
                    list(map(map(map(deployment, "spec"), "podTemplate"), "spec"), "containers")
                            .get(0);
            assertThat(conf.get("web.submit.enable")).isEqualTo("false");
            assertThat(conf.get("env.java.opts.all")).isEqualTo(AvroLimits.jvmOptions());
            assertThat(mountPaths(container))
                    .as("RocksDB and temporary files on writable volumes")
                    .contains(
                            (String) conf.get("state.backend.rocksdb.localdir"),
                            (String) conf.get("io.tmp.dirs"),
                            "/opt/flink/log");
            for (String port :
                    List.of(
                            "taskmanager.data.port",
                            "taskmanager.rpc.port",
                            "jobmanager.rpc.port",
                            "blob.server.port",
                            "metrics.internal.query-service.port")) {
                assertThat(FLINK_PORTS)
                        .as(port + " is fixed to a port the NetworkPolicy opens")
                        .contains(Integer.parseInt(String.valueOf(conf.get(port))));
            }
            String account = (String) conf.get("kubernetes.taskmanager.service-account");
            assertThat(account).isNotEqualTo(map(deployment, "spec").get("serviceAccount"));
            assertThat(rulesOf(docs, account))
                    .as("the TaskManagers' account")
                    .isNotEmpty()
                    .allSatisfy(
                            rule -> {
                                assertThat(rule.get("resources")).isEqualTo(List.of("configmaps"));
                                assertThat(rule.get("verbs"))
                                        .isEqualTo(List.of("get", "list", "watch"));
                            });
        }
        Map<String, Object> retrainer =
                ofKind(docs, "Deployment").stream()
                        .filter(d -> "vigil-retrainer".equals(map(d, "metadata").get("name")))
                        .findFirst()
                        .orElseThrow();
        assertThat(map(map(map(retrainer, "spec"), "template"), "spec"))
                .containsEntry("automountServiceAccountToken", false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void theNetworkPolicyOpensOnlyThePortsVigilUses(String kustomization) throws IOException {
        Map<String, Object> spec =
                map(ofKind(render(kustomization), "NetworkPolicy").get(0), "spec");
        assertThat(spec.get("policyTypes")).isEqualTo(List.of("Ingress", "Egress"));

        List<Map<String, Object>> ingress = list(spec, "ingress");
        List<Map<String, Object>> egress = list(spec, "egress");
        for (Map<String, Object> rule : concat(ingress, egress)) {
            assertThat(rule).as("no rule opens every port").containsKey("ports");
        }
        assertThat(portsFrom(ingress, "app.kubernetes.io/part-of")).isEqualTo(FLINK_PORTS);
        assertThat(portsFrom(ingress, "flink-operator")).containsExactly(8081);
        assertThat(portsFrom(ingress, "monitoring")).containsExactly(9249);
        assertThat(ingress)
                .as("every ingress rule says where from")
                .allSatisfy(rule -> assertThat(rule).containsKey("from"));
        assertThat(portsFrom(egress, "app.kubernetes.io/part-of")).isEqualTo(FLINK_PORTS);
        assertThat(portsFrom(egress, "kube-system")).containsExactly(53);
        assertThat(portsFrom(egress, "kafka")).containsExactly(9093);
        assertThat(egress.stream().flatMap(r -> ports(r).stream()).toList())
                .as("nothing but Flink, DNS, Kafka and HTTPS")
                .allSatisfy(
                        port ->
                                assertThat(port)
                                        .isIn(6121, 6122, 6123, 6124, 6125, 53, 9093, 443, 6443));
    }

    private static List<Map<String, Object>> render(String kustomization) throws IOException {
        return Kustomization.render(K8S.resolve(kustomization));
    }

    private static List<Map<String, Object>> ofKind(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    /** The pod specs of every FlinkDeployment and Deployment. */
    private static List<Map<String, Object>> podSpecs(List<Map<String, Object>> docs) {
        List<Map<String, Object>> pods = new ArrayList<>();
        for (Map<String, Object> d : ofKind(docs, "FlinkDeployment")) {
            pods.add(map(map(map(d, "spec"), "podTemplate"), "spec"));
        }
        for (Map<String, Object> d : ofKind(docs, "Deployment")) {
            pods.add(map(map(map(d, "spec"), "template"), "spec"));
        }
        return pods;
    }

    /** The rules of the Role bound to {@code account}. */
    private static List<Map<String, Object>> rulesOf(
            List<Map<String, Object>> docs, String account) {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> binding : ofKind(docs, "RoleBinding")) {
            boolean bound =
                    list(binding, "subjects").stream().anyMatch(s -> account.equals(s.get("name")));
            if (bound) {
                String role = (String) map(binding, "roleRef").get("name");
                ofKind(docs, "Role").stream()
                        .filter(r -> role.equals(map(r, "metadata").get("name")))
                        .forEach(r -> rules.addAll(list(r, "rules")));
            }
        }
        return rules;
    }

    /** Ports of the rules whose peers mention {@code peer} (a namespace or a pod label). */
    private static Set<Integer> portsFrom(List<Map<String, Object>> rules, String peer) {
        Set<Integer> ports = new HashSet<>();
        for (Map<String, Object> rule : rules) {
            Object peers = rule.containsKey("from") ? rule.get("from") : rule.get("to");
            if (String.valueOf(peers).contains(peer)) {
                ports.addAll(ports(rule));
            }
        }
        return ports;
    }

    private static List<Integer> ports(Map<String, Object> rule) {
        return list(rule, "ports").stream().map(p -> (Integer) p.get("port")).toList();
    }

    private static List<String> mountPaths(Map<String, Object> container) {
        return list(container, "volumeMounts").stream()
                .map(m -> (String) m.get("mountPath"))
                .toList();
    }

    private static List<Map<String, Object>> concat(
            List<Map<String, Object>> a, List<Map<String, Object>> b) {
        List<Map<String, Object>> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }
}
