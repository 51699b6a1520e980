package io.vigil.e2e.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.cli.features.TrainingSetWriter;
import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.jobs.backfill.TrainingRow;
import io.vigil.jobs.testutils.TransactionProducer;
import io.vigil.schemas.Decision;
import io.vigil.schemas.DistributionDrift;
import io.vigil.schemas.DriftStats;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.SegmentRow;
import io.vigil.schemas.SegmentStats;
import io.vigil.schemas.codec.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The recipes of {@code docs/analysts.md} run as written against a real broker, with its address
 * put in: the Flink SQL tables are created from the page's own {@code sql} blocks and its queries
 * return what was written to the topics in plain JSON; the kcat and jq line, the Python script and
 * the DuckDB query over a Parquet training set run where those tools are installed (the test says
 * when they are not: skipped, not passed).
 */
class AnalystRecipesITCase {

    private static final Path PAGE = Path.of("..", "docs", "analysts.md");
    private static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");

    /** DuckDB's Node.js package, installed from the npm registry by the test. */
    private static final String DUCKDB = "@duckdb/node-api@1.5.6-r.1";

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void writeTopics() throws Exception {
        broker = EmbeddedKafkaBroker.start();
        broker.createTopics(
                2, List.of("predictions", "drift-stats", "segment-stats", "predictions-mixed"));
        writePredictions("predictions", WireFormat.JSON, WireFormat.JSON);
        writePredictions("predictions-mixed", WireFormat.JSON, WireFormat.AVRO);
        writeDriftStats();
        writeSegmentStats();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void theFlinkSqlTablesReadPredictionsDriftAndSegmentStatistics() throws Exception {
        List<String> statements =
                blocks("sql").stream().flatMap(b -> statements(b).stream()).toList();
        assertThat(statements).as("three tables and three queries on the page").hasSize(6);
        TableEnvironment sql = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        for (String create : statements.subList(0, 3)) {
            sql.executeSql(create.replace("localhost:9092", broker.bootstrapServers()));
        }

        Map<Object, Row> perVersion = new HashMap<>();
        rows(sql, statements.get(3)).forEach(r -> perVersion.put(r.getField(0), r));
        assertThat(perVersion).as("one row per version").containsOnlyKeys("1", "2");
        assertVersion(perVersion.get("1"), 20L, 5, 0.3375);
        assertVersion(perVersion.get("2"), 10L, 0, 0.1);
        List<Row> drifted = rows(sql, statements.get(4));
        assertThat(drifted).hasSize(1);
        assertThat(drifted.get(0).getField(0)).isEqualTo("2");
        assertThat(drifted.get(0).getField(1)).isEqualTo(T0.plusSeconds(7_200));
        assertThat(drifted.get(0).getField(2)).isEqualTo(0.4);
        assertThat(drifted.get(0).getField(3)).isEqualTo("amount");
        List<Row> unequal = rows(sql, statements.get(5));
        assertThat(unequal).as("one segment value past the gap").hasSize(1);
        assertThat(unequal.get(0).getField(2)).isEqualTo("country");
        assertThat(unequal.get(0).getField(3)).isEqualTo("ES");
        assertThat(unequal.get(0).getField(5)).isEqualTo(0.08);
    }

    @Test
    void kcatAndJqSelectTheFlaggedPredictions() throws Exception {
        assumeTrue(onPath("kcat") && onPath("jq"), "kcat and jq are not installed here");
        String line =
                blocks("bash").stream().filter(b -> b.contains("| jq")).findFirst().orElseThrow();

        List<String> out = run("bash", "-c", withBroker(line));

        assertThat(out)
                .as("the five flagged predictions of version 1")
                .hasSize(5)
                .allSatisfy(
                        l ->
                                assertThat(l)
                                        .contains("\"score\":0.9")
                                        .contains("\"modelVersion\":\"1\""));
    }

    @Test
    void thePythonScriptReadsAvroAndJsonRecords() throws Exception {
        String python = pythonWithKafkaAndAvro();
        assumeTrue(python != null, "no Python with confluent-kafka and avro here");
        Path dir = Files.createTempDirectory("analyst");
        Files.writeString(
                dir.resolve("prediction.avsc"), Prediction.getClassSchema().toString(true));
        String script =
                blocks("python").get(0).replace("[\"predictions\"]", "[\"predictions-mixed\"]");
        Files.writeString(dir.resolve("read.py"), withBroker(script));

        List<String> out = run(dir, python, "read.py");

        assertThat(out).as("every record, Avro or JSON").hasSize(60);
        assertThat(out).contains("tx-0 0.9 FLAG", "tx-29 0.1 ALLOW");
    }

    private static void assertVersion(Row row, long scored, int flagged, double meanScore) {
        assertThat(row.getField(1)).as("scored").isEqualTo(scored);
        assertThat(row.getField(2)).as("flagged").isEqualTo(flagged);
        assertThat((Double) row.getField(3)).as("mean score").isCloseTo(meanScore, within(1e-9));
    }

    @Test
    void duckDbQueriesATrainingSetWrittenAsParquet() throws Exception {
        assumeTrue(onPath("node") && onPath("npm"), "Node.js and npm are not installed here");
        Path dir = Files.createTempDirectory("duckdb");
        run(dir, "npm", "install", "--silent", "--no-audit", "--no-fund", DUCKDB);
        // Three hours of ten labelled rows each, fraud in one, two and three of them; one
        // unlabelled.
        try (TrainingSetWriter out =
                TrainingSetWriter.open(
                        dir.resolve("training.parquet"), List.of("amount"), List.of())) {
            for (int i = 0; i < 31; i++) {
                TrainingRow row =
                        new TrainingRow(
                                "t" + i, T0.plusSeconds(360L * i).toEpochMilli(), new double[] {i});
                row.label = i == 30 ? -1 : i % 10 < i / 10 + 1 ? 1 : 0;
                out.write(row);
            }
        }
        String query = blocks("sql duckdb").get(0);
        Files.writeString(
                dir.resolve("query.mjs"),
                "import { DuckDBInstance } from '@duckdb/node-api';\n"
                        + "const db = await DuckDBInstance.create(':memory:');\n"
                        + "const result = await (await db.connect()).runAndReadAll(`"
                        + query
                        + "`);\n"
                        + "console.log(JSON.stringify(result.getRowObjectsJson()));\n");

        JsonNode rows = new ObjectMapper().readTree(String.join("", run(dir, "node", "query.mjs")));

        assertThat(rows).hasSize(3);
        for (int hour = 0; hour < 3; hour++) {
            assertThat(rows.get(hour).get("labelled").asLong()).isEqualTo(10);
            assertThat(rows.get(hour).get("fraudRate").asDouble())
                    .isCloseTo((hour + 1) / 10.0, within(1e-9));
        }
    }

    /** The page's code blocks of {@code language}, in page order. */
    private static List<String> blocks(String language) throws Exception {
        Matcher blocks =
                Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL)
                        .matcher(Files.readString(PAGE));
        List<String> found = new ArrayList<>();
        while (blocks.find()) {
            found.add(blocks.group(1));
        }
        return found;
    }

    /** The SQL statements of a block, comments dropped. */
    private static List<String> statements(String block) {
        StringBuilder code = new StringBuilder();
        block.lines()
                .filter(l -> !l.strip().startsWith("--"))
                .forEach(l -> code.append(l).append('\n'));
        List<String> statements = new ArrayList<>();
        for (String statement : code.toString().split(";")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        return statements;
    }

    private static String withBroker(String text) {
        String port =
                broker.bootstrapServers().substring(broker.bootstrapServers().lastIndexOf(':') + 1);
        return text.replace("localhost:9092", broker.bootstrapServers()).replace("PORT", port);
    }

    private static boolean onPath(String tool) throws Exception {
        return run("bash", "-c", "command -v " + tool + " || true").size() == 1;
    }

    /** The first Python interpreter here that has confluent-kafka and avro, or null. */
    private static String pythonWithKafkaAndAvro() throws Exception {
        for (String python : List.of("python3", "/usr/bin/python3")) {
            try {
                if (new ProcessBuilder(python, "-c", "import confluent_kafka, avro.io")
                                .start()
                                .waitFor()
                        == 0) {
                    return python;
                }
            } catch (IOException notThere) {
                // try the next
            }
        }
        return null;
    }

    private static List<String> run(String... command) throws Exception {
        return run(Path.of("."), command);
    }

    /** Runs {@code command} in {@code dir}; its output lines, after checking it exited with 0. */
    private static List<String> run(Path dir, String... command) throws Exception {
        Process process =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(false)
                        .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + " failed:\n" + err).isZero();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    private static List<Row> rows(TableEnvironment sql, String query) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> result = sql.executeSql(query).collect()) {
            result.forEachRemaining(rows::add);
        }
        return rows;
    }

    /**
     * Version 1 scores 20 transactions (every fourth flagged), version 2 scores 10; written once in
     * each of the two formats (30 records if both are the same format, 60 otherwise).
     */
    private static void writePredictions(String topic, WireFormat first, WireFormat second) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (WireFormat format : first == second ? List.of(first) : List.of(first, second)) {
            var codec = format.codec(Prediction.class);
            for (int i = 0; i < 30; i++) {
                records.add(new ProducerRecord<>(topic, null, codec.encode(prediction(i))));
            }
        }
        TransactionProducer.sendAll(broker.bootstrapServers(), records);
    }

    private static Prediction prediction(int i) {
        boolean first = i < 20;
        boolean flagged = first && i % 4 == 0;
        Prediction p =
                Prediction.newBuilder()
                        .setTransactionId("tx-" + i)
                        .setEntityKey("k" + i % 3)
                        .setEventTime(T0.plusSeconds(i))
                        .setModelName("fraud-lr")
                        .setModelVersion(first ? "1" : "2")
                        .setScore(flagged ? 0.9 : first ? 0.15 : 0.1)
                        .setDecision(flagged ? Decision.FLAG : Decision.ALLOW)
                        .setThreshold(0.5)
                        .setFeatures(Map.of("amount", 10.0 + i))
                        .setScoringLatencyMicros(40)
                        .setScoredAt(T0.plusSeconds(i + 1))
                        .setServedBy("champion")
                        .setAmount(10.0 + i)
                        .build();
        return p;
    }

    /** One window of version 2 by country: ES decided worse (gap 0.08), FR as the population. */
    private static void writeSegmentStats() {
        SegmentRow population = segmentRow("*", "*", 0.0);
        SegmentStats stats =
                SegmentStats.newBuilder()
                        .setModelName("fraud-lr")
                        .setModelVersion("2")
                        .setWindowStart(T0)
                        .setWindowEnd(T0.plusSeconds(3_600))
                        .setPopulation(population)
                        .setSegments(
                                List.of(
                                        segmentRow("country", "ES", 0.08),
                                        segmentRow("country", "FR", 0.01)))
                        .setWorstEqualizedOddsGap(0.08)
                        .setWorstEqualizedOddsSegment("country=ES")
                        .setComputedAt(T0.plusSeconds(3_605))
                        .build();
        TransactionProducer.sendAll(
                broker.bootstrapServers(),
                List.of(
                        new ProducerRecord<>(
                                "segment-stats",
                                null,
                                WireFormat.JSON.codec(SegmentStats.class).encode(stats))));
    }

    private static SegmentRow segmentRow(String segment, String value, double gap) {
        return SegmentRow.newBuilder()
                .setSegment(segment)
                .setValue(value)
                .setPredictions(1_000)
                .setLabelled(900)
                .setPositives(40)
                .setFlagRate(0.02)
                .setPrecision(0.5)
                .setTruePositiveRate(0.6)
                .setFalsePositiveRate(0.01 + gap)
                .setAuc(0.9)
                .setFlagRateRatio(1.0 + gap * 10)
                .setTruePositiveRateGap(0.0)
                .setFalsePositiveRateGap(gap)
                .setEqualizedOddsGap(gap)
                .build();
    }

    /** Three windows of version 2; the score moved (PSI 0.4) in the one ending at T0 + 2 h. */
    private static void writeDriftStats() {
        var codec = WireFormat.JSON.codec(DriftStats.class);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        double[] psi = {0.02, 0.4, 0.05};
        for (int w = 0; w < psi.length; w++) {
            DistributionDrift score = new DistributionDrift(psi[w], 0.1, 0.05, 0.0, 0.0);
            DistributionDrift amount = new DistributionDrift(psi[w] * 2, 0.2, 0.1, 0.0, 0.01);
            DriftStats stats =
                    DriftStats.newBuilder()
                            .setModelName("fraud-lr")
                            .setModelVersion("2")
                            .setWindowStart(T0.plusSeconds(3_600L * w))
                            .setWindowEnd(T0.plusSeconds(3_600L * (w + 1)))
                            .setPredictions(1_000)
                            .setFlagged(12)
                            .setPositiveRate(0.012)
                            .setMeanScore(0.08)
                            .setScore(score)
                            .setFeatures(Map.of("amount", amount))
                            .setMaxFeaturePsi(psi[w] * 2)
                            .setMostDriftedFeature("amount")
                            .setComputedAt(T0.plusSeconds(3_600L * (w + 1) + 5))
                            .build();
            records.add(new ProducerRecord<>("drift-stats", null, codec.encode(stats)));
        }
        TransactionProducer.sendAll(broker.bootstrapServers(), records);
    }
}
