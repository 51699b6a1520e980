package io.vigil.features.spec;

import io.vigil.schemas.Transaction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * The fields a spec may read, taken from the {@code Transaction} schema itself, so they never
 * drift.
 */
final class TransactionFields {

    private static final Set<Schema.Type> NUMERIC =
            Set.of(Schema.Type.DOUBLE, Schema.Type.FLOAT, Schema.Type.INT, Schema.Type.LONG);

    /** Field name -> numeric. */
    static final Map<String, Boolean> ALL = read();

    private TransactionFields() {}

    private static Map<String, Boolean> read() {
        Map<String, Boolean> fields = new LinkedHashMap<>();
        for (Schema.Field field : Transaction.getClassSchema().getFields()) {
            Schema schema = field.schema();
            if (schema.isUnion()) {
                schema =
                        schema.getTypes().stream()
                                .filter(s -> s.getType() != Schema.Type.NULL)
                                .findFirst()
                                .orElseThrow();
            }
            fields.put(field.name(), NUMERIC.contains(schema.getType()));
        }
        return fields;
    }
}
