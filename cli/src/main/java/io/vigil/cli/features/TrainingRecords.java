package io.vigil.cli.features;

import io.vigil.jobs.backfill.TrainingRow;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A training set's rows as Avro records, for the Avro container and Parquet files: transactionId,
 * eventTime (timestamp-millis), one double per feature, one optional string per text feature, and
 * the label (null when unknown).
 */
final class TrainingRecords {

    private final Schema schema;

    TrainingRecords(List<String> features, List<String> textFeatures) {
        SchemaBuilder.FieldAssembler<Schema> fields =
                SchemaBuilder.record("TrainingRow")
                        .namespace("io.vigil.training")
                        .doc("A transaction's served-identical feature vector and its label")
                        .fields()
                        .requiredString("transactionId")
                        .name("eventTime")
                        .type(
                                LogicalTypes.timestampMillis()
                                        .addToSchema(Schema.create(Schema.Type.LONG)))
                        .noDefault();
        for (String feature : features) {
            fields = fields.requiredDouble(feature);
        }
        for (String feature : textFeatures) {
            fields = fields.optionalString(feature);
        }
        this.schema = fields.optionalInt("label").endRecord();
    }

    Schema schema() {
        return schema;
    }

    GenericRecord record(TrainingRow row) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("transactionId", row.transactionId);
        record.put("eventTime", row.eventTime);
        for (int i = 0; i < row.features.length; i++) {
            record.put(i + 2, row.features[i]);
        }
        for (int i = 0; i < row.textFeatures.length; i++) {
            record.put(i + 2 + row.features.length, row.textFeatures[i]);
        }
        record.put("label", row.label < 0 ? null : row.label);
        return record;
    }
}
