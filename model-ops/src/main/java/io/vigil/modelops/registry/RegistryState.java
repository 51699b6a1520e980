package io.vigil.modelops.registry;

import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.ModelEventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry as of a sequence of {@link ModelEvent}s: every version of every model with its
 * status, every alias, every canary. Built by folding the compacted topic; Flink-free.
 */
public final class RegistryState {

    /** Most versions an alias remembers for rollback. */
    public static final int ALIAS_HISTORY = 10;

    private final Map<String, Map<String, VersionInfo>> versions = new TreeMap<>();
    private final Map<String, Map<String, ModelEvent>> aliases = new TreeMap<>();
    private final Map<String, ModelEvent> canaries = new TreeMap<>();
    private int skipped;

    /**
     * Applies one event; events must be applied in topic order. A malformed event ({@link
     * ModelEventCheck}) is skipped and counted in {@link #skipped()}, never applied.
     *
     * @return whether the event was applied
     */
    public boolean apply(ModelEvent event) {
        if (ModelEventCheck.problem(event).isPresent()) {
            skipped++;
            return false;
        }
        String model = event.getModelName();
        switch (event.getType()) {
            case REGISTERED ->
                    versions.computeIfAbsent(
                                    model, m -> new TreeMap<>(RegistryState::compareVersions))
                            .put(event.getVersion(), new VersionInfo(event, "registered", null));
            case RETIRED, REJECTED -> {
                VersionInfo known = version(model, event.getVersion()).orElse(null);
                ModelEvent registration = known == null ? event : known.registration();
                versions.computeIfAbsent(model, m -> new TreeMap<>(RegistryState::compareVersions))
                        .put(
                                event.getVersion(),
                                new VersionInfo(
                                        registration,
                                        event.getType() == ModelEventType.RETIRED
                                                ? "retired"
                                                : "rejected",
                                        event.getReason()));
            }
            case ALIAS_MOVED ->
                    aliases.computeIfAbsent(model, m -> new TreeMap<>())
                            .put(event.getAlias(), event);
            case CANARY_SET -> canaries.put(model, event);
        }
        return true;
    }

    /**
     * Records on the topic that are not well-formed registry events (undecodable or malformed),
     * skipped.
     */
    public int skipped() {
        return skipped;
    }

    /** Counts a record that could not be decoded as a registry event. */
    void skipUndecodable() {
        skipped++;
    }

    public List<String> models() {
        return new ArrayList<>(versions.keySet());
    }

    public List<VersionInfo> versions(String model) {
        return new ArrayList<>(versions.getOrDefault(model, Map.of()).values());
    }

    public Optional<VersionInfo> version(String model, String version) {
        return Optional.ofNullable(versions.getOrDefault(model, Map.of()).get(version));
    }

    /** Alias name -> its latest ALIAS_MOVED event. */
    public Map<String, ModelEvent> aliases(String model) {
        return aliases.getOrDefault(model, Map.of());
    }

    public Optional<ModelEvent> alias(String model, String alias) {
        return Optional.ofNullable(aliases(model).get(alias));
    }

    public Optional<ModelEvent> canary(String model) {
        return Optional.ofNullable(canaries.get(model));
    }

    /** The history an alias gets when it moves away from its current target. */
    public List<String> historyAfterMove(String model, String alias) {
        Optional<ModelEvent> current = alias(model, alias);
        if (current.isEmpty()) {
            return List.of();
        }
        List<String> history = new ArrayList<>();
        history.add(current.get().getVersion());
        history.addAll(current.get().getPreviousVersions());
        return history.subList(0, Math.min(history.size(), ALIAS_HISTORY));
    }

    /** Numeric versions sort numerically (2 before 10), others alphabetically after them. */
    static int compareVersions(String a, String b) {
        boolean numericA = a.matches("\\d{1,18}");
        boolean numericB = b.matches("\\d{1,18}");
        if (numericA && numericB) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        return numericA ? -1 : numericB ? 1 : a.compareTo(b);
    }

    /**
     * One version of a model.
     *
     * @param registration its REGISTERED event (digest, URIs, metrics)
     * @param status registered, retired or rejected
     * @param reason why it was retired or rejected
     */
    public record VersionInfo(ModelEvent registration, String status, String reason) {}
}
