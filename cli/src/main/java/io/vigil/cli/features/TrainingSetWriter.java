package io.vigil.cli.features;

import io.vigil.jobs.backfill.TrainingRow;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Writes a training set as CSV ({@code .csv}), an Avro container file ({@code .avro}, snappy:
 * Spark, DuckDB, fastavro) or Parquet ({@code .parquet}, snappy: pandas, pyarrow, DuckDB, Spark
 * read it natively): transactionId, eventTime, one column per feature, one per text feature, label.
 */
public interface TrainingSetWriter extends Closeable {

    void write(TrainingRow row) throws IOException;

    /** {@link #write} for lambdas: an I/O failure comes out unchecked. */
    default void writeUnchecked(TrainingRow row) {
        try {
            write(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TrainingSetWriter open(Path file, List<String> features, List<String> textFeatures)
            throws IOException {
        String name = file.toString();
        if (name.endsWith(".avro")) {
            return new AvroWriter(file, features, textFeatures);
        }
        if (name.endsWith(".parquet")) {
            return new ParquetTableWriter(file, features, textFeatures);
        }
        return new CsvWriter(file, features, textFeatures);
    }

    /**
     * transactionId,eventTime,features...,textFeatures...,label (label and absent text empty; text
     * quoted when it holds a comma, quote or line break).
     */
    final class CsvWriter implements TrainingSetWriter {
        private final BufferedWriter out;

        CsvWriter(Path file, List<String> features, List<String> textFeatures) throws IOException {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            List<String> header = new ArrayList<>(List.of("transactionId", "eventTime"));
            header.addAll(features);
            header.addAll(textFeatures);
            header.add("label");
            out.write(header.stream().map(CsvWriter::quoted).collect(Collectors.joining(",")));
            out.write('\n');
        }

        /** A CSV cell: as is, or quoted with quotes doubled when it needs to be. */
        static String quoted(String text) {
            if (text == null) {
                return "";
            }
            boolean plain =
                    text.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
            return plain ? text : '"' + text.replace("\"", "\"\"") + '"';
        }

        @Override
        public void write(TrainingRow row) throws IOException {
            StringBuilder line =
                    new StringBuilder(row.transactionId)
                            .append(',')
                            .append(Instant.ofEpochMilli(row.eventTime));
            for (double value : row.features) {
                line.append(',').append(value);
            }
            for (String text : row.textFeatures) {
                line.append(',').append(quoted(text));
            }
            out.write(
                    line.append(',')
                            .append(row.label < 0 ? "" : String.valueOf(row.label))
                            .append('\n')
                            .toString());
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** An Avro container file, snappy: one record per row; the label is null when unknown. */
    final class AvroWriter implements TrainingSetWriter {
        private final TrainingRecords records;
        private final DataFileWriter<GenericRecord> out;

        AvroWriter(Path file, List<String> features, List<String> textFeatures) throws IOException {
            records = new TrainingRecords(features, textFeatures);
            out =
                    new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(records.schema()))
                            .setCodec(CodecFactory.snappyCodec());
            out.create(records.schema(), file.toFile());
        }

        @Override
        public void write(TrainingRow row) throws IOException {
            out.append(records.record(row));
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** A Parquet file, snappy, with the same columns as the Avro file. */
    final class ParquetTableWriter implements TrainingSetWriter {
        private final TrainingRecords records;
        private final ParquetWriter<GenericRecord> out;

        ParquetTableWriter(Path file, List<String> features, List<String> textFeatures)
                throws IOException {
            records = new TrainingRecords(features, textFeatures);
            Files.deleteIfExists(file); // Parquet refuses to overwrite; the other formats do
            out =
                    AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                            .withSchema(records.schema())
                            .withConf(new PlainParquetConfiguration())
                            .withCompressionCodec(CompressionCodecName.SNAPPY)
                            .build();
        }

        @Override
        public void write(TrainingRow row) throws IOException {
            out.write(records.record(row));
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
