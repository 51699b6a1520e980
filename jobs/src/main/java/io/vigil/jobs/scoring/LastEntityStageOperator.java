package io.vigil.jobs.scoring;

import io.vigil.features.engine.EnrichedEvent;
import io.vigil.features.engine.FeaturizedEvent;
import io.vigil.features.flink.EntityStage;
import io.vigil.schemas.ModelEvent;
import java.util.List;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.types.Either;

/**
 * Runs {@link LastEntityStageFunction}: events keyed by the entity on the first input, the
 * registry's events broadcast on the second. Event time is the events' alone: registry events carry
 * none, and their source never emits a watermark, which as the second input of a plain two-input
 * operator would hold every timer of the stage (windows' expiry, event-time ordering) back forever.
 * So the first input's watermarks and idleness pass as they come and the second's are dropped. (The
 * operator extends one of Flink's internal classes for that: an upgrade of Flink checks it.) Before
 * every checkpoint barrier it writes the stage's waiting changes, as {@link
 * io.vigil.features.flink.EntityStageOperator} does for the other stages.
 */
final class LastEntityStageOperator
        extends CoBroadcastWithKeyedOperator<
                String, EnrichedEvent, ModelEvent, Either<FeaturizedEvent, ModelEvent>> {

    private static final long serialVersionUID = 1L;

    LastEntityStageOperator(LastEntityStageFunction function) {
        super(function, List.of());
        function.stage().hostWritesAtBarriers();
    }

    /** Writes the stage's waiting changes before the barrier ({@link EntityStage#writeChanges}). */
    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        ((LastEntityStageFunction) userFunction).stage().writeChanges(this::setCurrentKey);
    }

    @Override
    public void processWatermark1(Watermark mark) throws Exception {
        super.processWatermark(mark);
    }

    @Override
    public void processWatermark2(Watermark mark) {}

    @Override
    protected void processWatermarkStatus(WatermarkStatus status, int input) throws Exception {
        if (input == 0) {
            processWatermarkStatus(status);
        }
    }
}
