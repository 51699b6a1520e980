package io.vigil.cli.model;

import io.vigil.retrainer.training.LabelledVector;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * Labelled training rows from a file of the user's: a CSV with a header line, an Avro container
 * file ({@code .avro}) or a Parquet file ({@code .parquet}), such as {@code ./vigil features
 * backfill} writes (transactionId, eventTime, features, label) or any table with the named feature
 * columns and a label column. Rows without a label are left out; rows come in event-time order when
 * there is an {@code eventTime} column (so a holdout of the last rows is the most recent), else in
 * file order.
 *
 * @param features the feature columns, in the order of each row's values
 * @param rows the labelled rows
 * @param unlabelled how many rows had no label
 */
public record TrainingFile(List<String> features, List<LabelledVector> rows, long unlabelled) {

    /**
     * Label values read as positive (case-insensitive); others that are not negative are errors.
     */
    private static final Set<String> POSITIVE = Set.of("1", "true", "1.0");

    private static final Set<String> NEGATIVE = Set.of("0", "false", "0.0");

    private static final String TIME = "eventTime";

    /**
     * @param features the columns to train on
     * @param label the column holding the label: 1/true positive, 0/false negative, empty unknown
     * @throws IllegalArgumentException naming a missing column, or the row and column of a value
     *     that is not a finite number or a label
     */
    public static TrainingFile read(Path file, List<String> features, String label)
            throws IOException {
        String name = file.toString();
        Table table =
                name.endsWith(".avro")
                        ? avro(file)
                        : name.endsWith(".parquet") ? parquet(file) : csv(file);
        List<String> missing = new ArrayList<>(features);
        missing.add(label);
        missing.removeAll(table.header());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(
                    file + " has no column(s) " + missing + "; its columns: " + table.header());
        }
        int[] columns = features.stream().mapToInt(table.header()::indexOf).toArray();
        int labelColumn = table.header().indexOf(label);
        int timeColumn = table.header().indexOf(TIME);
        List<Row> rows = new ArrayList<>();
        long unlabelled = 0;
        for (int r = 0; r < table.rows().size(); r++) {
            String[] cells = table.rows().get(r);
            String value = cells[labelColumn] == null ? "" : cells[labelColumn].trim();
            if (value.isEmpty()) {
                unlabelled++;
                continue;
            }
            boolean positive = POSITIVE.contains(value.toLowerCase(Locale.ROOT));
            if (!positive && !NEGATIVE.contains(value.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(
                        where(file, r, label)
                                + "'"
                                + value
                                + "' is not a label: 1/true or 0/false");
            }
            double[] vector = new double[columns.length];
            for (int c = 0; c < columns.length; c++) {
                vector[c] = number(cells[columns[c]], file, r, features.get(c));
            }
            String time = timeColumn < 0 ? null : cells[timeColumn];
            rows.add(new Row(millis(time), new LabelledVector(vector, positive)));
        }
        if (timeColumn >= 0) {
            rows.sort(Comparator.comparingLong(Row::time));
        }
        return new TrainingFile(
                List.copyOf(features), rows.stream().map(Row::vector).toList(), unlabelled);
    }

    private record Row(long time, LabelledVector vector) {}

    /**
     * An event time as epoch milliseconds: ISO-8601 text (as CSV holds it; compared as text, a time
     * on a whole second, printed without a fraction, would sort after the same second's later
     * milliseconds) or epoch milliseconds (as Avro and Parquet hold it); unreadable or absent times
     * sort first.
     */
    private static long millis(String time) {
        if (time == null || time.isBlank()) {
            return Long.MIN_VALUE;
        }
        try {
            return Long.parseLong(time.trim());
        } catch (NumberFormatException notMillis) {
            try {
                return Instant.parse(time.trim()).toEpochMilli();
            } catch (DateTimeParseException notIso) {
                return Long.MIN_VALUE;
            }
        }
    }

    private record Table(List<String> header, List<String[]> rows) {}

    private static Table csv(Path file) throws IOException {
        CsvTable table = CsvTable.read(file);
        return new Table(table.header(), table.rows());
    }

    private static Table avro(Path file) throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<String> header;
        try (DataFileReader<GenericRecord> records =
                new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
            header = records.getSchema().getFields().stream().map(Schema.Field::name).toList();
            for (GenericRecord record : records) {
                rows.add(cells(record, header.size()));
            }
        }
        return new Table(header, rows);
    }

    private static Table parquet(Path file) throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<String> header = null;
        try (ParquetReader<GenericRecord> records =
                AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
                        .withConf(new PlainParquetConfiguration())
                        .build()) {
            for (GenericRecord record = records.read(); record != null; record = records.read()) {
                if (header == null) {
                    header =
                            record.getSchema().getFields().stream()
                                    .map(Schema.Field::name)
                                    .toList();
                }
                rows.add(cells(record, header.size()));
            }
        }
        return new Table(header == null ? List.of() : header, rows);
    }

    private static String[] cells(GenericRecord record, int columns) {
        String[] cells = new String[columns];
        for (int i = 0; i < columns; i++) {
            Object value = record.get(i);
            cells[i] = value == null ? null : value.toString();
        }
        return cells;
    }

    private static double number(String cell, Path file, int row, String column) {
        String text = cell == null ? "" : cell.trim();
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(
                    where(file, row, column)
                            + "'"
                            + text
                            + "' is not a finite number (the trainer takes numbers only: fill"
                            + " missing values, or leave the column out)");
        }
        return value;
    }

    private static String where(Path file, int row, String column) {
        return file + " row " + (row + 1) + ", column " + column + ": ";
    }
}
