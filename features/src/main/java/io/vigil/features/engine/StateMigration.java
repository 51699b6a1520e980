package io.vigil.features.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Entity state written under one version of a spec, carried to another: windows that are still
 * declared (same window, filter and field) keep their history, new ones start empty, removed ones
 * are dropped. Runs once per entity after a restore, never per event.
 */
final class StateMigration {

    private StateMigration() {}

    /**
     * State written under another version of the spec, laid out for this one: windows that are
     * still declared (same window, filter and field) keep their history, new ones start empty,
     * removed ones are dropped. Returns {@code s} itself when the layout already matches.
     */
    static EntityState adapt(
            EntityState s, String[] groupKeys, String[] distinctKeys, Supplier<EntityState> fresh) {
        if (Arrays.equals(s.groupKeys, groupKeys) && Arrays.equals(s.distinctKeys, distinctKeys)) {
            return s;
        }
        EntityState adapted = fresh.get();
        for (int g = 0; g < groupKeys.length; g++) {
            int old = Arrays.asList(s.groupKeys).indexOf(groupKeys[g]);
            if (old >= 0) {
                copyBuckets(s, old, adapted, g);
            }
        }
        for (int d = 0; d < distinctKeys.length; d++) {
            int old = Arrays.asList(s.distinctKeys).indexOf(distinctKeys[d]);
            if (old >= 0) {
                copyDistincts(s, old, adapted, d);
            }
        }
        adapted.recentTimes = s.recentTimes;
        adapted.recentLatitudes = s.recentLatitudes;
        adapted.recentLongitudes = s.recentLongitudes;
        adapted.latestTime = s.latestTime;
        adapted.expiry = s.expiry; // the entity's clean-up timer stays where it is
        return adapted;
    }

    /**
     * Appends group {@code from} of {@code source} as group {@code to} of {@code target} (groups
     * filled in order).
     */
    private static void copyBuckets(EntityState source, int from, EntityState target, int to) {
        int start = source.bucketStart(from);
        int n = source.bucketsUsed[from];
        target.bucketIds = append(target.bucketIds, source.bucketIds, start, n);
        target.counts = append(target.counts, source.counts, start, n);
        target.sums = append(target.sums, source.sums, start, n);
        target.sumSquares = append(target.sumSquares, source.sumSquares, start, n);
        target.mins = append(target.mins, source.mins, start, n);
        target.maxs = append(target.maxs, source.maxs, start, n);
        target.bucketsUsed[to] = n;
    }

    private static void copyDistincts(EntityState source, int from, EntityState target, int to) {
        int start = source.distinctStart(from);
        int n = source.distinctUsed[from];
        target.distinctHashes =
                Arrays.copyOf(target.distinctHashes, target.distinctHashes.length + n);
        System.arraycopy(
                source.distinctHashes,
                start,
                target.distinctHashes,
                target.distinctHashes.length - n,
                n);
        target.distinctLastSeen =
                append(target.distinctLastSeen, source.distinctLastSeen, start, n);
        target.distinctUsed[to] = n;
    }

    private static long[] append(long[] target, long[] source, int start, int n) {
        long[] out = Arrays.copyOf(target, target.length + n);
        System.arraycopy(source, start, out, target.length, n);
        return out;
    }

    private static double[] append(double[] target, double[] source, int start, int n) {
        double[] out = Arrays.copyOf(target, target.length + n);
        System.arraycopy(source, start, out, target.length, n);
        return out;
    }

    /**
     * What changes for state written with {@code old} keys: windows kept, started empty, dropped.
     */
    static String describe(EntityState old, String[] groupKeys, String[] distinctKeys) {
        List<String> kept = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        List<String> current = new ArrayList<>(Arrays.asList(groupKeys));
        current.addAll(Arrays.asList(distinctKeys));
        List<String> previous = new ArrayList<>(Arrays.asList(old.groupKeys));
        previous.addAll(Arrays.asList(old.distinctKeys));
        for (String key : current) {
            (previous.contains(key) ? kept : fresh).add(key);
        }
        List<String> dropped = new ArrayList<>(previous);
        dropped.removeAll(current);
        return "windows kept "
                + kept
                + ", new (start empty, no history) "
                + fresh
                + ", dropped "
                + dropped;
    }
}
