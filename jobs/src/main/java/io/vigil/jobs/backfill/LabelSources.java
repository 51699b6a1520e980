package io.vigil.jobs.backfill;

import io.vigil.features.spec.FeatureSpec;
import io.vigil.jobs.config.KafkaAccess;
import io.vigil.jobs.files.FileLayout;
import io.vigil.jobs.files.LabelFileFormat;
import io.vigil.jobs.kafka.KafkaConnectors;
import io.vigil.schemas.TransactionLabel;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Bounded label history for training sets: the labels topic as it is now, or label files. */
final class LabelSources {

    private LabelSources() {}

    /**
     * @param spec declares the labels' shape, on the topic and in files (Vigil's {@code
     *     TransactionLabel} without a labels section)
     */
    static DataStream<TransactionLabel> history(
            StreamExecutionEnvironment env,
            KafkaAccess kafka,
            String groupId,
            BackfillInput input,
            FeatureSpec spec) {
        if (input.labelFiles().isEmpty()) {
            return env.fromSource(
                    KafkaConnectors.labelHistory(kafka, input.labelsTopic(), groupId, spec),
                    WatermarkStrategy.noWatermarks(),
                    "labels");
        }
        FileSource<TransactionLabel> files =
                FileSource.forRecordStreamFormat(
                                new LabelFileFormat(FileLayout.of(input.labelFiles()), spec),
                                FileLayout.paths(input.labelFiles()))
                        .build();
        return env.fromSource(files, WatermarkStrategy.noWatermarks(), "label files");
    }
}
