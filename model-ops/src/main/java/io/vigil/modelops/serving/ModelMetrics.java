package io.vigil.modelops.serving;

/**
 * What a scoring subtask reports per model version. Implementations wrap Flink metrics, or count in
 * tests.
 */
public interface ModelMetrics {

    /** {@code count} predictions (decisions or shadow scores) were made. */
    void scored(int count, long latencyMicros);

    /** One score, for the score histogram (in thousandths). */
    void score(double score);

    /** A scoring run failed. */
    void error();

    ModelMetrics NONE =
            new ModelMetrics() {
                @Override
                public void scored(int count, long latencyMicros) {}

                @Override
                public void score(double score) {}

                @Override
                public void error() {}
            };
}
