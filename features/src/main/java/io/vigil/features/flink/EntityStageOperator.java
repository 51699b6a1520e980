package io.vigil.features.flink;

import io.vigil.features.engine.EnrichedEvent;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;

/**
 * Runs an {@link EntityFeaturesFunction} and writes its stage's waiting changes before every
 * checkpoint barrier ({@link StateLayout#writeAtBarriers()}): a cached entity's many events between
 * two checkpoints become one write of its whole state. Without checkpoints (batch) nothing is
 * written there, and the stage writes per event once its waiting room is full.
 */
public final class EntityStageOperator
        extends KeyedProcessOperator<String, EnrichedEvent, EnrichedEvent> {

    private static final long serialVersionUID = 1L;

    public EntityStageOperator(EntityFeaturesFunction function) {
        super(function);
        function.stage().hostWritesAtBarriers();
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        ((EntityFeaturesFunction) userFunction).stage().writeChanges(this::setCurrentKey);
    }
}
