package io.vigil.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Analysts read the topics with ordinary tools: every record and field must say what it means. */
class SchemaDocumentationTest {

    static List<Schema> topicSchemas() {
        return List.of(
                Transaction.getClassSchema(),
                Prediction.getClassSchema(),
                DeadLetter.getClassSchema(),
                TransactionLabel.getClassSchema(),
                Decision.getClassSchema(),
                ModelEvent.getClassSchema(),
                ModelEventType.getClassSchema(),
                DriftStats.getClassSchema(),
                DistributionDrift.getClassSchema(),
                PerformanceStats.getClassSchema(),
                RetrainRequest.getClassSchema(),
                RetrainEvidence.getClassSchema());
    }

    @ParameterizedTest
    @MethodSource("topicSchemas")
    void everyRecordAndFieldHasADoc(Schema schema) {
        assertThat(schema.getDoc()).as(schema.getName() + " doc").isNotBlank();
        if (schema.getType() == Schema.Type.RECORD) {
            for (Schema.Field field : schema.getFields()) {
                assertThat(field.doc())
                        .as(schema.getName() + "." + field.name() + " doc")
                        .isNotBlank();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("topicSchemas")
    void optionalFieldsAreNullUnionsWithNullDefault(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            return;
        }
        for (Schema.Field field : schema.getFields()) {
            if (field.schema().isNullable()) {
                assertThat(field.schema().getTypes().get(0).getType())
                        .as(schema.getName() + "." + field.name() + " null first")
                        .isEqualTo(Schema.Type.NULL);
                assertThat(field.defaultVal())
                        .as(field.name() + " default")
                        .isEqualTo(JsonProperties.NULL_VALUE);
            }
        }
    }
}
