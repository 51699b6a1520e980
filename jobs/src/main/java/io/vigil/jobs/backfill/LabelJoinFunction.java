package io.vigil.jobs.backfill;

import io.vigil.schemas.TransactionLabel;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins rows (feature vectors) to labels by transaction id over bounded input: emits each row once,
 * with its label when one exists, when the input ends (a timer at the end of time).
 */
class LabelJoinFunction
        extends KeyedCoProcessFunction<String, TrainingRow, TransactionLabel, TrainingRow> {

    private static final long serialVersionUID = 1L;

    private transient ValueState<TrainingRow> row;
    private transient ValueState<Integer> label;

    @Override
    public void open(OpenContext openContext) {
        row = getRuntimeContext().getState(new ValueStateDescriptor<>("row", TrainingRow.class));
        label = getRuntimeContext().getState(new ValueStateDescriptor<>("label", Integer.class));
    }

    @Override
    public void processElement1(TrainingRow event, Context ctx, Collector<TrainingRow> out)
            throws Exception {
        row.update(event);
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
    }

    @Override
    public void processElement2(TransactionLabel value, Context ctx, Collector<TrainingRow> out)
            throws Exception {
        label.update(value.getFraud() ? 1 : 0);
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TrainingRow> out)
            throws Exception {
        TrainingRow r = row.value();
        if (r != null) {
            Integer l = label.value();
            r.label = l == null ? -1 : l;
            out.collect(r);
        }
        row.clear();
        label.clear();
    }
}
