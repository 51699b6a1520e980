package io.vigil.cli.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.model.TrainingFile;
import io.vigil.jobs.backfill.TrainingRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training sets in every format hold the same rows, and the trainer reads each back. */
class TrainingSetWriterTest {

    private static final List<String> FEATURES = List.of("amount", "count_1h");

    @TempDir Path dir;

    private static List<TrainingRow> rows() {
        List<TrainingRow> rows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            TrainingRow row =
                    new TrainingRow(
                            "t" + i, 1_700_000_000_000L + i, new double[] {10.0 * i, i % 3});
            row.textFeatures = new String[] {i % 2 == 0 ? "ONLINE" : null};
            row.label = i == 5 ? -1 : i % 2;
            rows.add(row);
        }
        return rows;
    }

    @Test
    void parquetHoldsEveryColumnWithNullsWhereValuesAreAbsent() throws Exception {
        Path file = write("training.parquet");

        List<GenericRecord> read = new ArrayList<>();
        try (ParquetReader<GenericRecord> records =
                AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
                        .withConf(new PlainParquetConfiguration())
                        .build()) {
            for (GenericRecord r = records.read(); r != null; r = records.read()) {
                read.add(r);
            }
        }

        assertThat(read).hasSize(6);
        assertThat(read.get(0).getSchema().getFields())
                .extracting(f -> f.name())
                .containsExactly(
                        "transactionId", "eventTime", "amount", "count_1h", "channel", "label");
        assertThat(read.get(3).get("amount")).isEqualTo(30.0);
        assertThat(read.get(3).get("channel")).as("absent text: null").isNull();
        assertThat(read.get(4).get("channel").toString()).isEqualTo("ONLINE");
        assertThat(read.get(5).get("label")).as("unknown label: null").isNull();
        assertThat(read.get(2).get("eventTime")).isEqualTo(1_700_000_000_002L);
    }

    @Test
    void theTrainerReadsTheSameLabelledRowsFromEveryFormat() throws Exception {
        for (String name : List.of("training.csv", "training.avro", "training.parquet")) {
            TrainingFile read = TrainingFile.read(write(name), FEATURES, "label");

            assertThat(read.unlabelled()).as(name).isEqualTo(1);
            assertThat(read.rows()).as(name).hasSize(5);
            assertThat(read.rows().get(3).features()).as(name).containsExactly(30.0, 0.0);
        }
    }

    @Test
    void anExistingParquetFileIsReplaced() throws Exception {
        Path file = write("training.parquet");
        Files.writeString(file, "stale");

        assertThat(TrainingFile.read(write("training.parquet"), FEATURES, "label").rows())
                .hasSize(5);
    }

    private Path write(String name) throws Exception {
        Path file = dir.resolve(name);
        try (TrainingSetWriter out = TrainingSetWriter.open(file, FEATURES, List.of("channel"))) {
            for (TrainingRow row : rows()) {
                out.write(row);
            }
        }
        return file;
    }
}
