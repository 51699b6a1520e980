package io.vigil.jobs.kafka;

import io.vigil.features.events.EventRejection;
import io.vigil.features.events.LabelReader;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.schemas.TransactionLabel;
import io.vigil.schemas.codec.AvroLimits;
import io.vigil.schemas.codec.WireFormat;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Labels from the labels topic: in the user's shape when the spec declares a {@code labels} section
 * ({@link LabelReader}), else Vigil's {@code TransactionLabel}. A record that is not a label is
 * counted by reason ({@link SkippedRecords}) and skipped: monitoring and training sets never stop
 * on one.
 */
public final class LabelDeserializer implements KafkaRecordDeserializationSchema<TransactionLabel> {

    private static final long serialVersionUID = 1L;

    private final FeatureSpec spec;
    private final WireFormat format;
    private final AvroRecordDeserializer<TransactionLabel> vigilLabels;
    private final SkippedRecords skipped = new SkippedRecords("a label");
    private transient LabelReader reader;

    /**
     * @param spec the spec whose labels section says what a label is (and how it is encoded);
     *     Vigil's labels without one
     * @param format the encoding of Vigil's own labels
     */
    public LabelDeserializer(FeatureSpec spec, WireFormat format) {
        this.spec = spec;
        this.format = format;
        this.vigilLabels = new AvroRecordDeserializer<>(TransactionLabel.class, format);
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        vigilLabels.open(context);
        skipped.open(context.getMetricGroup());
    }

    @Override
    public void deserialize(
            ConsumerRecord<byte[], byte[]> record, Collector<TransactionLabel> out) {
        if (spec.labels() == null) {
            vigilLabels.deserialize(record, out);
            return;
        }
        if (record.value() != null && record.value().length > AvroLimits.MAX_RECORD_BYTES) {
            skipped.skip(record, "OVERSIZED", record.value().length + " bytes");
            return;
        }
        if (reader == null) {
            reader = new LabelReader(spec); // in the format the spec's labels section declares
        }
        try {
            out.collect(reader.read(record.value(), record.timestamp()));
        } catch (EventRejection e) {
            skipped.skip(record, e.code().name(), e.getMessage());
        }
    }

    @Override
    public TypeInformation<TransactionLabel> getProducedType() {
        return new AvroTypeInfo<>(TransactionLabel.class);
    }
}
