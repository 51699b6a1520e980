package io.vigil.jobs.kafka;

import io.vigil.features.events.EventRejection;
import io.vigil.features.events.LabelReader;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.schemas.TransactionLabel;
import io.vigil.schemas.codec.WireFormat;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labels from the labels topic: in the user's shape when the spec declares a {@code labels} section
 * ({@link LabelReader}), else Vigil's {@code TransactionLabel}. A record that is not a label is
 * logged with its position and skipped: monitoring and training sets never stop on one.
 */
public final class LabelDeserializer implements KafkaRecordDeserializationSchema<TransactionLabel> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LabelDeserializer.class);

    private final FeatureSpec spec;
    private final WireFormat format;
    private final AvroRecordDeserializer<TransactionLabel> vigilLabels;
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
    public void deserialize(
            ConsumerRecord<byte[], byte[]> record, Collector<TransactionLabel> out) {
        if (spec.labels() == null) {
            vigilLabels.deserialize(record, out);
            return;
        }
        if (reader == null) {
            reader = new LabelReader(spec); // in the format the spec's labels section declares
        }
        try {
            out.collect(reader.read(record.value(), record.timestamp()));
        } catch (EventRejection e) {
            LOG.warn(
                    "Skipped record {}-{}@{}: not a label ({})",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
        }
    }

    @Override
    public TypeInformation<TransactionLabel> getProducedType() {
        return new AvroTypeInfo<>(TransactionLabel.class);
    }
}
