package io.vigil.features.testutils;

import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Payments in a schema that is not Vigil's (nested records, unions, an enum, a decimal, micros;
 * test resources {@code payments/}), with a spec over them, for tests.
 */
public final class PaymentEvents {

    public static final long T0_MICROS = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z

    private PaymentEvents() {}

    /** The spec over payments, read from a copy of the files in a temporary directory. */
    public static FeatureSpec spec() {
        try {
            return FeatureSpecs.load(
                    writeSpec(Files.createTempDirectory("payments")).toUri().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the payment schema, the merchant-category table and the spec over them into {@code
     * dir}; returns the spec.
     */
    public static Path writeSpec(Path dir) throws IOException {
        for (String file :
                new String[] {
                    "payment.avsc", "chargeback.avsc", "mcc-risk.csv", "payment-spec.yaml"
                }) {
            try (InputStream in = PaymentEvents.class.getResourceAsStream("/payments/" + file)) {
                Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir.resolve("payment-spec.yaml");
    }

    /** A valid payment of {@code amount} by {@code iban} at {@code merchant}. */
    public static GenericRecord payment(
            Schema schema, String id, String iban, String merchant, String amount) {
        Schema payerSchema = schema.getField("payer").schema();
        Schema addressSchema = payerSchema.getField("address").schema().getTypes().get(1);
        GenericRecord address = new GenericData.Record(addressSchema);
        address.put("country", "NL");
        address.put("lat", 52.1);
        address.put("lon", 4.3);
        GenericRecord payer = new GenericData.Record(payerSchema);
        payer.put("iban", iban);
        payer.put("email", "someone@example.com");
        payer.put("address", address);
        GenericRecord p = new GenericData.Record(schema);
        p.put("paymentId", id);
        p.put("occurredAt", T0_MICROS + 1_500);
        p.put("payer", payer);
        p.put("merchant", merchant);
        p.put("mcc", 5411);
        p.put("amount", ByteBuffer.wrap(new BigDecimal(amount).unscaledValue().toByteArray()));
        p.put("method", new GenericData.EnumSymbol(schema.getField("method").schema(), "CARD"));
        p.put("threeDs", true);
        p.put("tags", List.of("a", "b"));
        p.put("attributes", Map.of("k", "v"));
        p.put("notes", "not used by the spec");
        return p;
    }

    /** The outcome of a dispute over {@code paymentId}, decided at {@code decidedAt}. */
    public static GenericRecord chargeback(
            Schema schema, String paymentId, String outcome, String reason, long decidedAt) {
        GenericRecord c = new GenericData.Record(schema);
        c.put("payment", paymentId);
        c.put("outcome", new GenericData.EnumSymbol(schema.getField("outcome").schema(), outcome));
        c.put("reason", reason);
        c.put("decidedAt", decidedAt);
        return c;
    }

    public static byte[] avro(GenericRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        try {
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
