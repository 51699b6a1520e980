package io.vigil.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Topics outlive releases: today's readers must read records written with the released schemas
 * (shipped in the jar under io/vigil/schemas/released/VERSION), and consumers still on a released
 * schema must read today's records. Add a directory per release; never edit one.
 */
class SchemaCompatibilityTest {

    private static final String RELEASE = "io/vigil/schemas/released/0.1/";

    static List<Schema> currentSchemas() {
        return List.of(
                Transaction.getClassSchema(),
                Prediction.getClassSchema(),
                DeadLetter.getClassSchema(),
                TransactionLabel.getClassSchema(),
                ModelEvent.getClassSchema());
    }

    @ParameterizedTest
    @MethodSource("currentSchemas")
    void readsAndIsReadByTheReleasedSchema(Schema current) throws IOException {
        Schema released = released(current.getName());

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, released).getType())
                .as(
                        "today's "
                                + current.getName()
                                + " reads records written with the released schema")
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(released, current).getType())
                .as("a consumer on the released " + current.getName() + " reads today's records")
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    private static Schema released(String name) throws IOException {
        Schema.Parser parser = new Schema.Parser();
        for (String dependency : List.of("Decision", "ModelEventType")) {
            parse(parser, dependency);
        }
        return parse(parser, name);
    }

    private static Schema parse(Schema.Parser parser, String name) throws IOException {
        try (InputStream in =
                SchemaCompatibilityTest.class
                        .getClassLoader()
                        .getResourceAsStream(RELEASE + name + ".avsc")) {
            return parser.parse(in);
        }
    }
}
