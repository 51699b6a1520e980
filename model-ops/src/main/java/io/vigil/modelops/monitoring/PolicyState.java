package io.vigil.modelops.monitoring;

/**
 * What the retrain policy remembers of one model: the current run of degraded windows per signal
 * (with the version it belongs to and its evidence, encoded), and when it may request again. A
 * Flink POJO; evidence is kept as Avro-encoded {@code RetrainEvidence} so the state holds no
 * generic types.
 */
public class PolicyState {

    public String driftVersion;
    public byte[][] driftEvidence = new byte[0][];
    public String performanceVersion;
    public byte[][] performanceEvidence = new byte[0][];

    /** No request before this event time, epoch ms. */
    public long quietUntil = Long.MIN_VALUE;

    public PolicyState() {}
}
