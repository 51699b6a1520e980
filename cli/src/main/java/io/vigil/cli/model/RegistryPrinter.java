package io.vigil.cli.model;

import io.vigil.modelops.registry.ArtifactException;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.modelops.registry.RegistryState;
import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.ModelEventType;
import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Prints registry state and events for people. */
final class RegistryPrinter {

    private RegistryPrinter() {}

    static String summary(ModelEvent e) {
        String what =
                switch (e.getType()) {
                    case REGISTERED ->
                            "registered "
                                    + e.getModelName()
                                    + ":"
                                    + e.getVersion()
                                    + " (sha256 "
                                    + e.getDigest()
                                    + ")";
                    case ALIAS_MOVED ->
                            e.getModelName()
                                    + " "
                                    + e.getAlias()
                                    + " -> "
                                    + e.getVersion()
                                    + (e.getPreviousVersions().isEmpty()
                                            ? ""
                                            : " (was " + e.getPreviousVersions().get(0) + ")");
                    case CANARY_SET ->
                            e.getCanaryPercent() == 0
                                    ? e.getModelName() + " canary stopped"
                                    : e.getModelName()
                                            + " canary "
                                            + e.getVersion()
                                            + " for "
                                            + e.getCanaryPercent()
                                            + "% of entities";
                    case RETIRED -> "retired " + e.getModelName() + ":" + e.getVersion();
                    case REJECTED ->
                            "rejected "
                                    + e.getModelName()
                                    + ":"
                                    + e.getVersion()
                                    + ": "
                                    + e.getReason();
                };
        return e.getType() == ModelEventType.REGISTERED || e.getType() == ModelEventType.RETIRED
                ? what
                : what + ", from event time " + e.getActivationTime();
    }

    static void list(RegistryState state, PrintStream out) {
        if (state.skipped() > 0) {
            out.println(
                    "warning: "
                            + state.skipped()
                            + " record(s) on the registry topic are not well-formed registry events"
                            + " and were skipped (anyone who can write the topic can send them)");
        }
        if (state.models().isEmpty()) {
            out.println("no models registered");
            return;
        }
        out.printf(
                "%-16s %-9s %-11s %-22s %-14s %-21s %s%n",
                "MODEL", "VERSION", "STATUS", "ROLES", "DIGEST", "REGISTERED", "AUC");
        for (String model : state.models()) {
            for (RegistryState.VersionInfo v : state.versions(model)) {
                ModelEvent r = v.registration();
                Double auc = r.getMetrics().get("holdoutAuc");
                out.printf(
                        "%-16s %-9s %-11s %-22s %-14s %-21s %s%n",
                        model,
                        r.getVersion(),
                        v.status(),
                        roles(state, model, r.getVersion()),
                        shortDigest(r.getDigest()),
                        r.getCreatedAt().truncatedTo(ChronoUnit.SECONDS),
                        auc == null ? "-" : String.format("%.3f", auc));
            }
        }
    }

    static void describe(RegistryState state, String target, PrintStream out) {
        String[] parts = target.split(":", 2);
        String model = parts[0];
        if (state.versions(model).isEmpty()) {
            throw new IllegalArgumentException(
                    "no model named '" + model + "'; models: " + state.models());
        }
        if (parts.length == 1) {
            out.println("model " + model);
            state.aliases(model)
                    .forEach(
                            (alias, e) ->
                                    out.println(
                                            "  "
                                                    + alias
                                                    + " -> "
                                                    + e.getVersion()
                                                    + " from "
                                                    + e.getActivationTime()
                                                    + (e.getPreviousVersions().isEmpty()
                                                            ? ""
                                                            : " (before: "
                                                                    + String.join(
                                                                            ", ",
                                                                            e.getPreviousVersions())
                                                                    + ")")));
            state.canary(model)
                    .ifPresent(
                            c ->
                                    out.println(
                                            "  canary -> "
                                                    + (c.getCanaryPercent() == 0
                                                            ? "stopped"
                                                            : c.getVersion()
                                                                    + " for "
                                                                    + c.getCanaryPercent()
                                                                    + "% from "
                                                                    + c.getActivationTime())));
            state.versions(model)
                    .forEach(
                            v ->
                                    out.println(
                                            "  version "
                                                    + v.registration().getVersion()
                                                    + ": "
                                                    + v.status()
                                                    + (v.reason() == null
                                                            ? ""
                                                            : " (" + v.reason() + ")")));
            return;
        }
        RegistryState.VersionInfo v =
                state.version(model, parts[1])
                        .orElseThrow(
                                () -> new IllegalArgumentException(target + " is not registered"));
        ModelEvent r = v.registration();
        out.println(model + ":" + r.getVersion());
        out.println(
                "  status:      "
                        + v.status()
                        + (v.reason() == null ? "" : " (" + v.reason() + ")"));
        out.println("  roles:       " + roles(state, model, r.getVersion()));
        out.println("  sha256:      " + r.getDigest());
        out.println("  model:       " + r.getModelUri());
        out.println("  manifest:    " + r.getManifestUri());
        out.println("  registered:  " + r.getCreatedAt() + " by " + r.getActor());
        new TreeMap<>(r.getMetrics()).forEach((k, m) -> out.printf("  %-12s %s%n", k + ":", m));
    }

    /**
     * The report a version's manifest names ({@code ./vigil train} writes it next to the model, the
     * retrainer into the artifact store), if {@code target} is a version that has one.
     */
    static void report(RegistryState state, ArtifactStore store, String target, PrintStream out) {
        String[] parts = target.split(":", 2);
        if (parts.length < 2) {
            return;
        }
        state.version(parts[0], parts[1])
                .ifPresent(
                        v -> {
                            try {
                                String report =
                                        store.readManifest(v.registration()).tags().get("report");
                                if (report != null) {
                                    out.println("  report:      " + report);
                                }
                            } catch (ArtifactException e) {
                                out.println(
                                        "  report:      - (manifest unreadable: "
                                                + e.getMessage()
                                                + ")");
                            }
                        });
    }

    private static String roles(RegistryState state, String model, String version) {
        List<String> roles =
                state.aliases(model).entrySet().stream()
                        .filter(e -> version.equals(e.getValue().getVersion()))
                        .map(Map.Entry::getKey)
                        .collect(Collectors.toList());
        state.canary(model)
                .filter(c -> version.equals(c.getVersion()) && c.getCanaryPercent() > 0)
                .ifPresent(c -> roles.add("canary " + c.getCanaryPercent() + "%"));
        return roles.isEmpty() ? "-" : String.join(",", roles);
    }

    private static String shortDigest(String digest) {
        return digest == null ? "-" : digest.substring(0, Math.min(12, digest.length())) + "…";
    }
}
