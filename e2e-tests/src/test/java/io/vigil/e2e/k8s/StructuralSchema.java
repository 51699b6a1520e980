package io.vigil.e2e.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates a document against a Kubernetes structural schema (a CRD's {@code openAPIV3Schema}):
 * types, {@code required}, {@code enum}, {@code items}, maps ({@code additionalProperties}) and the
 * {@code x-kubernetes-*} extensions that plain JSON Schema validators do not know. Stricter than a
 * cluster on one point: a field the schema does not declare is an error (a cluster would prune it
 * silently, and a typo in a manifest would go unnoticed).
 */
final class StructuralSchema {

    private final Map<String, Object> root;

    StructuralSchema(Map<String, Object> openApiV3Schema) {
        this.root = openApiV3Schema;
    }

    /**
     * Problems found in a custom resource, each with its path (e.g. {@code spec.job.upgradeMode});
     * empty when valid. {@code apiVersion}, {@code kind} and {@code metadata} are the API server's
     * to check, as for every resource: CRD schemas leave them out.
     */
    List<String> validate(Map<String, Object> resource) {
        Map<String, Object> custom = new LinkedHashMap<>(resource);
        custom.keySet().removeAll(List.of("apiVersion", "kind", "metadata"));
        List<String> problems = new ArrayList<>();
        check(root, custom, "", problems);
        return problems;
    }

    @SuppressWarnings("unchecked")
    private void check(
            Map<String, Object> schema, Object value, String path, List<String> problems) {
        if (value == null) {
            if (!Boolean.TRUE.equals(schema.get("nullable"))) {
                problems.add(path + ": null is not allowed");
            }
            return;
        }
        if (Boolean.TRUE.equals(schema.get("x-kubernetes-int-or-string"))) {
            if (!(value instanceof Integer || value instanceof Long || value instanceof String)) {
                problems.add(path + ": expected an integer or a string, got " + value);
            }
            return;
        }
        Object type = schema.get("type");
        if (type != null && !hasType(value, (String) type)) {
            problems.add(path + ": expected " + type + ", got " + describe(value));
            return;
        }
        List<Object> allowed = (List<Object>) schema.get("enum");
        if (allowed != null && !allowed.contains(value)) {
            problems.add(path + ": " + value + " is not one of " + allowed);
        }
        if (value instanceof Map<?, ?> map) {
            checkObject(schema, (Map<String, Object>) map, path, problems);
        } else if (value instanceof List<?> list
                && schema.get("items") instanceof Map<?, ?> items) {
            for (int i = 0; i < list.size(); i++) {
                check((Map<String, Object>) items, list.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void checkObject(
            Map<String, Object> schema,
            Map<String, Object> object,
            String path,
            List<String> problems) {
        Map<String, Object> properties =
                (Map<String, Object>) schema.getOrDefault("properties", Map.of());
        for (Object required : (List<Object>) schema.getOrDefault("required", List.of())) {
            if (!object.containsKey(required)) {
                problems.add(join(path, (String) required) + ": required");
            }
        }
        boolean anyField = Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"));
        Object additional = schema.get("additionalProperties");
        for (Map.Entry<String, Object> field : object.entrySet()) {
            String fieldPath = join(path, field.getKey());
            if (properties.containsKey(field.getKey())) {
                check(
                        (Map<String, Object>) properties.get(field.getKey()),
                        field.getValue(),
                        fieldPath,
                        problems);
            } else if (additional instanceof Map<?, ?> valueSchema) {
                check((Map<String, Object>) valueSchema, field.getValue(), fieldPath, problems);
            } else if (!anyField && !Boolean.TRUE.equals(additional)) {
                problems.add(fieldPath + ": unknown field");
            }
        }
    }

    private static boolean hasType(Object value, String type) {
        return switch (type) {
            case "object" -> value instanceof Map;
            case "array" -> value instanceof List;
            case "string" -> value instanceof String;
            case "integer" -> value instanceof Integer || value instanceof Long;
            case "number" -> value instanceof Number;
            case "boolean" -> value instanceof Boolean;
            default -> true;
        };
    }

    private static String describe(Object value) {
        return value.getClass().getSimpleName().toLowerCase() + " " + value;
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
