package io.vigil.jobs.scoring;

import io.vigil.features.engine.EnrichedEvent;
import io.vigil.features.engine.FeaturizedEvent;
import io.vigil.features.flink.EntityStage;
import io.vigil.schemas.ModelEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * The last entity stage of the scoring job: fills the entity's slice of each event's vector as any
 * stage does ({@link EntityStage}), emits the finished vector, and passes every registry event on
 * to the scoring chained after it.
 */
final class LastEntityStageFunction
        extends KeyedBroadcastProcessFunction<
                String, EnrichedEvent, ModelEvent, Either<FeaturizedEvent, ModelEvent>> {

    private static final long serialVersionUID = 1L;

    private final EntityStage stage;
    private final ToFeaturized toFeaturized;

    /** Finishes the stage's vectors into the output the current call was given. */
    private transient Finisher finisher;

    LastEntityStageFunction(EntityStage stage, ToFeaturized toFeaturized) {
        this.stage = stage;
        this.toFeaturized = toFeaturized;
    }

    /** The stage this function runs. */
    EntityStage stage() {
        return stage;
    }

    @Override
    public void open(OpenContext openContext) {
        stage.open(getRuntimeContext());
        finisher = new Finisher();
    }

    @Override
    public void processElement(
            EnrichedEvent value,
            ReadOnlyContext ctx,
            Collector<Either<FeaturizedEvent, ModelEvent>> out)
            throws Exception {
        stage.process(value, ctx.getCurrentKey(), ctx.timerService(), finisher.into(out));
    }

    @Override
    public void onTimer(
            long timestamp, OnTimerContext ctx, Collector<Either<FeaturizedEvent, ModelEvent>> out)
            throws Exception {
        stage.onTimer(timestamp, ctx.getCurrentKey(), ctx.timerService(), finisher.into(out));
    }

    @Override
    public void processBroadcastElement(
            ModelEvent value, Context ctx, Collector<Either<FeaturizedEvent, ModelEvent>> out) {
        out.collect(Either.Right(value));
    }

    /** The stage's output: each finished vector, as the scoring's input. */
    private final class Finisher implements Collector<EnrichedEvent> {
        private Collector<Either<FeaturizedEvent, ModelEvent>> out;

        /**
         * One wrapper for every vector: the records pass by reference (object reuse) and the
         * scoring keeps the vector, never its wrapper; made with the first vector (it holds no
         * null).
         */
        private Either.Left<FeaturizedEvent, ModelEvent> vector;

        Finisher into(Collector<Either<FeaturizedEvent, ModelEvent>> out) {
            this.out = out;
            return this;
        }

        @Override
        public void collect(EnrichedEvent value) {
            FeaturizedEvent featurized = toFeaturized.map(value);
            if (vector == null) {
                vector = new Either.Left<>(featurized);
            } else {
                vector.setValue(featurized);
            }
            out.collect(vector);
        }

        @Override
        public void close() {}
    }
}
