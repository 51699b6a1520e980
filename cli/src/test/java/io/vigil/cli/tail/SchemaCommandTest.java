package io.vigil.cli.tail;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.VigilCommand;
import io.vigil.schemas.Decision;
import io.vigil.schemas.DriftStats;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.codec.WireFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SchemaCommandTest {

    private record Run(int exit, String out, String err) {}

    private static Run vigil(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new VigilCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exit = command.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void printsASelfContainedSchemaThatAnyAvroParserReads() {
        Run run = vigil("schema", "predictions");

        assertThat(run.exit()).isZero();
        Schema printed = new Schema.Parser().parse(run.out()); // no other file needed
        assertThat(printed).isEqualTo(Prediction.getClassSchema());
        assertThat(run.out()).contains("\"Decision\"").contains("\"doc\"");
    }

    @Test
    void theFingerprintIsTheOneInEveryRecordsHeader() {
        byte[] record =
                WireFormat.AVRO
                        .codec(Prediction.class)
                        .encode(
                                Prediction.newBuilder()
                                        .setTransactionId("t")
                                        .setEntityKey("k")
                                        .setEventTime(Instant.EPOCH)
                                        .setModelName("m")
                                        .setModelVersion("1")
                                        .setScore(0.5)
                                        .setDecision(Decision.ALLOW)
                                        .setThreshold(0.5)
                                        .setFeatures(Map.of())
                                        .setScoringLatencyMicros(1)
                                        .setScoredAt(Instant.EPOCH)
                                        .build());

        Run run = vigil("schema", "predictions", "--fingerprint");

        assertThat(run.out().trim()).isEqualTo(HexFormat.of().formatHex(record, 2, 10));
    }

    @Test
    void aTopicNamedOtherwiseNeedsItsTypeAndTheHistoryListsEveryRelease() {
        Run unknown = vigil("schema", "fraud-drift");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("add --type");

        assertThat(
                        new Schema.Parser()
                                .parse(
                                        vigil("schema", "fraud-drift", "--type", "DriftStats")
                                                .out()))
                .isEqualTo(DriftStats.getClassSchema());
        List<String> history =
                vigil("schema", "predictions", "--history")
                        .out()
                        .lines()
                        .filter(l -> l.startsWith("# fingerprint"))
                        .toList();
        assertThat(history).as("today's and the released one").hasSize(2);
    }
}
