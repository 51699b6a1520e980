package io.vigil.modelops.serving;

import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.ModelEventType;
import java.util.ArrayList;
import java.util.List;

/**
 * Which version decides, and which shadows, for each transaction of one model name. The champion
 * decides, except for the sticky share of entities a canary decides for; a shadow scores alongside
 * without deciding (unless it is the deciding version: pointing the shadow at the champion stops
 * shadowing). Each role is a {@link ModelTimeline} in event time. An event older than every
 * champion the plan keeps (late, or before the first activation) is decided by the earliest one
 * kept rather than left waiting. Flink-free.
 */
public final class ServingPlan implements AutoCloseable {

    public static final String CHAMPION = "champion";
    public static final String SHADOW = "shadow";
    public static final String CANARY = "canary";

    private final String modelName;
    private final ModelTimeline<ServedModel> champion = new ModelTimeline<>();
    private final ModelTimeline<ServedModel> shadow = new ModelTimeline<>();
    private final ModelTimeline<Canary> canary = new ModelTimeline<>();

    public ServingPlan(String modelName) {
        this.modelName = modelName;
    }

    /**
     * Whether the event changes what this plan serves (champion, shadow or canary of its model, or
     * a rejection of one of its versions).
     */
    public boolean concerns(ModelEvent event) {
        if (!modelName.equals(event.getModelName())) {
            return false;
        }
        return event.getType() == ModelEventType.CANARY_SET
                || event.getType() == ModelEventType.REJECTED
                || event.getType() == ModelEventType.ALIAS_MOVED
                        && (CHAMPION.equals(event.getAlias()) || SHADOW.equals(event.getAlias()));
    }

    /** Whether the event needs a model loaded (an alias move or a canary started). */
    public static boolean needsModel(ModelEvent event) {
        return event.getType() == ModelEventType.ALIAS_MOVED
                || event.getType() == ModelEventType.CANARY_SET
                        && event.getCanaryPercent() != null
                        && event.getCanaryPercent() > 0;
    }

    /**
     * Serves {@code model} (null only for a stopped canary) per {@code event} from its activation
     * time on.
     */
    public void apply(ModelEvent event, ServedModel model) {
        long activation = event.getActivationTime().toEpochMilli();
        if (event.getType() == ModelEventType.CANARY_SET) {
            int percent = event.getCanaryPercent() == null ? 0 : event.getCanaryPercent();
            canary.add(activation, new Canary(event.getEventId(), percent, model))
                    .forEach(Canary::close);
        } else if (CHAMPION.equals(event.getAlias())) {
            release(champion.add(activation, model));
        } else {
            release(shadow.add(activation, model));
        }
    }

    /**
     * Serves {@code model} as champion from the beginning of time (a model given by configuration).
     */
    public void bootstrap(ServedModel model) {
        release(champion.add(Long.MIN_VALUE, model));
    }

    /**
     * Stops serving {@code version} in every role; what was active before it serves in its place.
     *
     * @return the ids of the registry events that had made it serve
     */
    public List<String> quarantine(String version) {
        List<String> ids = new ArrayList<>();
        for (ModelTimeline<ServedModel> role : List.of(champion, shadow)) {
            for (ServedModel m : role.removeIf(m -> m.manifest().version().equals(version))) {
                ids.add(m.eventId());
                m.close();
            }
        }
        for (Canary c :
                canary.removeIf(
                        c -> c.model() != null && c.model().manifest().version().equals(version))) {
            ids.add(c.eventId());
            c.close();
        }
        return ids;
    }

    /**
     * The decider for an event at {@code eventTime} of {@code entityKey}, or null if no champion is
     * kept at all; the canary decides when active and the entity falls in its share.
     */
    public Choice choose(long eventTime, String entityKey) {
        ServedModel decider = champion.at(eventTime);
        if (decider == null) {
            decider = champion.earliest();
        }
        String role = CHAMPION;
        Canary active = canary.at(eventTime);
        if (active != null && active.model() != null && bucket(entityKey) < active.percent()) {
            decider = active.model();
            role = CANARY;
        }
        if (decider == null) {
            return null;
        }
        ServedModel shadowing = shadow.at(eventTime);
        if (shadowing != null
                && shadowing.manifest().version().equals(decider.manifest().version())) {
            shadowing = null; // a shadow on the deciding version would only repeat its score
        }
        return new Choice(decider, role, shadowing);
    }

    /** Sticky bucket 0..99 of an entity: the same entity is always in or out of a canary. */
    static int bucket(String entityKey) {
        return Math.floorMod(entityKey.hashCode(), 100);
    }

    /** The registry events behind what is served now (to keep in checkpointed state). */
    public List<String> servedEventIds() {
        List<String> ids = new ArrayList<>();
        champion.values().forEach(m -> ids.add(m.eventId()));
        shadow.values().forEach(m -> ids.add(m.eventId()));
        canary.values().forEach(c -> ids.add(c.eventId()));
        return ids;
    }

    @Override
    public void close() {
        release(champion.values());
        release(shadow.values());
        canary.values().forEach(Canary::close);
    }

    private static void release(List<ServedModel> models) {
        models.forEach(
                m -> {
                    if (m != null) {
                        m.close();
                    }
                });
    }

    /** Who decides (and in which role) and who shadows one transaction. */
    public record Choice(ServedModel decider, String role, ServedModel shadow) {}

    /** A canary setting: the share of entities and the version deciding for them. */
    record Canary(String eventId, int percent, ServedModel model) {
        void close() {
            if (model != null) {
                model.close();
            }
        }
    }
}
