package io.vigil.features.engine;

import io.vigil.features.events.Event;
import java.util.Arrays;
import java.util.List;

/** Makes and applies {@link EntityDelta}s for one compiled spec ({@link EntityFeatureEngine}). */
final class EntityDeltas {

    private final List<WindowAggregates> groups;
    private final List<WindowDistincts> distincts;
    private final RecentEvents recent;
    private final String[] groupKeys;
    private final String[] distinctKeys;

    EntityDeltas(
            List<WindowAggregates> groups,
            List<WindowDistincts> distincts,
            RecentEvents recent,
            String[] groupKeys,
            String[] distinctKeys) {
        this.groups = groups;
        this.distincts = distincts;
        this.recent = recent;
        this.groupKeys = groupKeys;
        this.distinctKeys = distinctKeys;
    }

    EntityDelta of(Event event) {
        EntityDelta d = new EntityDelta();
        d.time = event.eventTime;
        d.latitude = recent.latitudeOf(event);
        d.longitude = recent.longitudeOf(event);
        d.counted = new boolean[groups.size()];
        d.values = new double[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            WindowAggregates group = groups.get(g);
            d.counted[g] = group.passes.test(event);
            d.values[g] =
                    d.counted[g] && group.value != null ? group.value.applyAsDouble(event) : 0;
        }
        d.seen = new boolean[distincts.size()];
        d.hashes = new int[distincts.size()];
        for (int i = 0; i < distincts.size(); i++) {
            WindowDistincts distinct = distincts.get(i);
            d.seen[i] = distinct.passes.test(event);
            d.hashes[i] = d.seen[i] ? distinct.hashOf(event) : 0;
        }
        d.groupKeys = groupKeys;
        d.distinctKeys = distinctKeys;
        return d;
    }

    void apply(EntityState s, EntityDelta d) {
        boolean ownGroups = d.groupKeys == groupKeys || Arrays.equals(d.groupKeys, groupKeys);
        for (int g = 0; g < d.counted.length; g++) {
            int target = ownGroups ? g : indexOf(groupKeys, d.groupKeys[g]);
            if (d.counted[g] && target >= 0) {
                groups.get(target).add(s, d.time, d.values[g]);
            }
        }
        boolean ownDistincts =
                d.distinctKeys == distinctKeys || Arrays.equals(d.distinctKeys, distinctKeys);
        for (int i = 0; i < d.seen.length; i++) {
            int target = ownDistincts ? i : indexOf(distinctKeys, d.distinctKeys[i]);
            if (d.seen[i] && target >= 0) {
                distincts.get(target).add(s, d.time, d.hashes[i]);
            }
        }
        recent.remember(s, d.time, d.latitude, d.longitude);
        s.latestTime = Math.max(s.latestTime, d.time);
    }

    private static int indexOf(String[] keys, String key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }
}
