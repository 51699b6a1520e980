package io.vigil.modelops.monitoring;

import io.vigil.schemas.DriftStats;
import io.vigil.schemas.PerformanceStats;
import io.vigil.schemas.RetrainRequest;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The {@link RetrainPolicy} per model (the key: model name) over its drift and performance windows.
 */
public class RetrainPolicyFunction
        extends KeyedCoProcessFunction<String, DriftStats, PerformanceStats, RetrainRequest> {

    private static final long serialVersionUID = 1L;

    /** State name: part of savepoints, never rename. */
    public static final String STATE = "retrain-policy";

    private final RetrainThresholds thresholds;

    private transient RetrainPolicy policy;
    private transient ValueState<PolicyState> state;

    public RetrainPolicyFunction(RetrainThresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public void open(OpenContext openContext) {
        policy = new RetrainPolicy(thresholds);
        state = getRuntimeContext().getState(new ValueStateDescriptor<>(STATE, PolicyState.class));
    }

    @Override
    public void processElement1(DriftStats window, Context ctx, Collector<RetrainRequest> out)
            throws Exception {
        PolicyState s = current();
        emit(policy.onDrift(s, window, System.currentTimeMillis()), out);
        state.update(s);
    }

    @Override
    public void processElement2(PerformanceStats window, Context ctx, Collector<RetrainRequest> out)
            throws Exception {
        if (window.getModelName().equals("*")) {
            return; // unmatched labels belong to no model
        }
        PolicyState s = current();
        emit(policy.onPerformance(s, window, System.currentTimeMillis()), out);
        state.update(s);
    }

    private PolicyState current() throws Exception {
        PolicyState s = state.value();
        return s == null ? new PolicyState() : s;
    }

    private static void emit(RetrainRequest request, Collector<RetrainRequest> out) {
        if (request != null) {
            out.collect(request);
        }
    }
}
