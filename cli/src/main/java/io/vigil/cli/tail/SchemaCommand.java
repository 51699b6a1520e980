package io.vigil.cli.tail;

import io.vigil.schemas.codec.SchemaHistory;
import io.vigil.schemas.codec.SingleObjectEncoding;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./vigil schema TOPIC}: the Avro schema of a topic's records, self-contained (every named
 * type it uses defined inline), for any Avro reader.
 */
@Command(
        name = "schema",
        description = {
            "Print the Avro schema of a topic's records, self-contained, for any Avro reader.",
            "The record type follows from the topic's name as for tail, or from --type. Avro"
                    + " records on Vigil's topics start with C3 01 and the 8-byte little-endian"
                    + " fingerprint of their writer schema (--fingerprint prints today's, --history"
                    + " every schema the type has had, newest first)."
        })
public final class SchemaCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "TOPIC")
    String topic;

    @Mixin RecordTypeOption recordType;

    @Option(names = "--fingerprint", description = "Print the schema's fingerprint (hex) only.")
    boolean fingerprint;

    @Option(
            names = "--history",
            description = "Print every schema the type has had, with its fingerprint.")
    boolean history;

    @Override
    public Integer call() {
        Schema schema = SpecificData.get().getSchema(recordType.of(spec, topic).type);
        if (fingerprint) {
            spec.commandLine().getOut().println(hex(schema));
        } else if (history) {
            for (Schema written : SchemaHistory.of(schema).newestFirst()) {
                spec.commandLine().getOut().println("# fingerprint " + hex(written));
                spec.commandLine().getOut().println(written.toString(true));
            }
        } else {
            spec.commandLine().getOut().println(schema.toString(true));
        }
        return 0;
    }

    /** The fingerprint as it appears in a record's header, byte by byte. */
    private static String hex(Schema schema) {
        long f = SingleObjectEncoding.fingerprint(schema);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            out.append(String.format("%02x", (f >>> (8 * i)) & 0xFF));
        }
        return out.toString();
    }
}
