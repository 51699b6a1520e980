package io.vigil.features.engine;

/**
 * What one event adds to an entity's {@link EntityState}, and nothing else: its time and location,
 * per aggregate group whether the event counts and the value it adds, per distinct group whether it
 * counts and its value's hash. A few dozen bytes, where the state is the entity's whole history:
 * the keyed function appends deltas and folds them into the state now and then instead of rewriting
 * the state on every event. Made by {@link EntityFeatureEngine#delta}, applied by {@link
 * EntityFeatureEngine#apply}; a delta made under another version of the spec applies what still
 * applies (matched by its groups' keys, as {@link StateMigration} does for states).
 */
public final class EntityDelta {

    public long time;
    public double latitude = Double.NaN;
    public double longitude = Double.NaN;

    /** Per aggregate group: the event passes the group's filter. */
    public boolean[] counted = new boolean[0];

    /** Per aggregate group: the value the event adds (0 for a count). */
    public double[] values = new double[0];

    /** Per distinct group: the event passes the group's filter. */
    public boolean[] seen = new boolean[0];

    /** Per distinct group: the hash of the event's value. */
    public int[] hashes = new int[0];

    /** The layout the arrays follow (shared, never modified): the spec's group keys. */
    public String[] groupKeys = new String[0];

    public String[] distinctKeys = new String[0];

    public EntityDelta() {}
}
