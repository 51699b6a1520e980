package io.vigil.e2e.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders a kustomization as {@code kubectl kustomize} does for what Vigil's manifests use: {@code
 * resources} (files and directories), {@code patches} by kind and name (merged as a JSON merge
 * patch, which is how kustomize patches custom resources: maps merge, lists are replaced), {@code
 * labels}, {@code namespace}, {@code images} (the container images of Deployments, as kustomize's
 * images transformer sets them) and {@code configMapGenerator} from files.
 */
final class Kustomization {

    private Kustomization() {}

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> render(Path dir) throws IOException {
        Map<String, Object> k =
                new Yaml().load(Files.readString(dir.resolve("kustomization.yaml")));
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object resource : (List<Object>) k.getOrDefault("resources", List.of())) {
            Path path = dir.resolve((String) resource).normalize();
            docs.addAll(Files.isDirectory(path) ? render(path) : load(path));
        }
        for (Map<String, Object> generator :
                (List<Map<String, Object>>) k.getOrDefault("configMapGenerator", List.of())) {
            Map<String, Object> data = new LinkedHashMap<>();
            for (Object file : (List<Object>) generator.get("files")) {
                Path path = dir.resolve((String) file);
                data.put(path.getFileName().toString(), Files.readString(path));
            }
            Map<String, Object> metadata =
                    new LinkedHashMap<>(Map.of("name", generator.get("name")));
            Map<String, Object> options =
                    (Map<String, Object>) generator.getOrDefault("options", Map.of());
            if (options.containsKey("labels")) {
                metadata.put(
                        "labels", new LinkedHashMap<>((Map<String, Object>) options.get("labels")));
            }
            docs.add(
                    new LinkedHashMap<>(
                            Map.of(
                                    "apiVersion",
                                    "v1",
                                    "kind",
                                    "ConfigMap",
                                    "metadata",
                                    metadata,
                                    "data",
                                    data)));
        }
        for (Map<String, Object> patch :
                (List<Map<String, Object>>) k.getOrDefault("patches", List.of())) {
            for (Map<String, Object> change : load(dir.resolve((String) patch.get("path")))) {
                Map<String, Object> target =
                        docs.stream()
                                .filter(d -> sameObject(d, change))
                                .findFirst()
                                .orElseThrow(
                                        () ->
                                                new IllegalArgumentException(
                                                        dir
                                                                + ": patch "
                                                                + patch.get("path")
                                                                + " matches no resource"));
                merge(target, change);
            }
        }
        for (Map<String, Object> label :
                (List<Map<String, Object>>) k.getOrDefault("labels", List.of())) {
            for (Map<String, Object> doc : docs) {
                Map<String, Object> metadata = (Map<String, Object>) doc.get("metadata");
                Map<String, Object> labels =
                        (Map<String, Object>)
                                metadata.computeIfAbsent("labels", key -> new LinkedHashMap<>());
                labels.putAll((Map<String, Object>) label.get("pairs"));
            }
        }
        for (Map<String, Object> image :
                (List<Map<String, Object>>) k.getOrDefault("images", List.of())) {
            docs.stream()
                    .filter(d -> "Deployment".equals(d.get("kind")))
                    .forEach(d -> setImage(d, image));
        }
        if (k.get("namespace") != null) {
            docs.forEach(
                    doc ->
                            ((Map<String, Object>) doc.get("metadata"))
                                    .put("namespace", k.get("namespace")));
        }
        return docs;
    }

    /** Every document of a (multi-document) YAML file. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> load(Path file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(Files.readString(file))) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    private static boolean sameObject(Map<String, Object> a, Map<String, Object> b) {
        return a.get("kind").equals(b.get("kind"))
                && ((Map<String, Object>) a.get("metadata"))
                        .get("name")
                        .equals(((Map<String, Object>) b.get("metadata")).get("name"));
    }

    /**
     * JSON merge patch (RFC 7386): maps merge recursively, null removes, anything else replaces.
     */
    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> target, Map<String, Object> patch) {
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            Object current = target.get(e.getKey());
            if (e.getValue() == null) {
                target.remove(e.getKey());
            } else if (e.getValue() instanceof Map<?, ?> change
                    && current instanceof Map<?, ?> existing) {
                merge((Map<String, Object>) existing, (Map<String, Object>) change);
            } else {
                target.put(e.getKey(), e.getValue());
            }
        }
    }

    /**
     * kustomize's images transformer: a container image named {@code name} gets the new name and
     * tag.
     */
    @SuppressWarnings("unchecked")
    private static void setImage(Map<String, Object> deployment, Map<String, Object> image) {
        Map<String, Object> template =
                (Map<String, Object>)
                        ((Map<String, Object>) deployment.get("spec")).get("template");
        List<Map<String, Object>> containers =
                (List<Map<String, Object>>)
                        ((Map<String, Object>) template.get("spec")).get("containers");
        for (Map<String, Object> container : containers) {
            String current = (String) container.get("image");
            String name =
                    current.contains(":")
                            ? current.substring(0, current.lastIndexOf(':'))
                            : current;
            if (name.equals(image.get("name"))) {
                String tag =
                        (String) image.getOrDefault("newTag", current.substring(name.length() + 1));
                container.put("image", image.getOrDefault("newName", name) + ":" + tag);
            }
        }
    }
}
