package io.vigil.jobs.scoring;

import io.vigil.schemas.DeadLetter;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Counts every dead letter on its way to the topic by its reason code, in the {@value #COUNTER}
 * counter under {@code reason.<code>} ({@code ..._reason_deadLetters{reason="OVERSIZED"}} in
 * Prometheus). Reason codes are Vigil's own (a rejection or {@code NO_MODEL}), never input text, so
 * the counters stay few whatever the records hold. Passes each dead letter on unchanged.
 */
public final class DeadLettersByReason extends RichMapFunction<DeadLetter, DeadLetter> {

    private static final long serialVersionUID = 1L;

    /** The counter's name under each reason's group. */
    public static final String COUNTER = "deadLetters";

    private transient MetricGroup group;
    private transient Map<String, Counter> counters;

    @Override
    public void open(OpenContext openContext) {
        group = getRuntimeContext().getMetricGroup();
        counters = new HashMap<>();
    }

    @Override
    public DeadLetter map(DeadLetter deadLetter) {
        counters.computeIfAbsent(
                        deadLetter.getReasonCode(),
                        reason -> group.addGroup("reason", reason).counter(COUNTER))
                .inc();
        return deadLetter;
    }
}
