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
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * Writes a training set as CSV ({@code .csv}) or as an Avro container file ({@code .avro}, snappy;
 * loads with pandas/pyarrow, Spark, DuckDB): transactionId, eventTime, one column per feature, one
 * per text feature, label.
 */
interface TrainingSetWriter extends Closeable {

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
        return file.toString().endsWith(".avro")
                ? new AvroWriter(file, features, textFeatures)
                : new CsvWriter(file, features, textFeatures);
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

    /** One record per row; the label is null when unknown. */
    final class AvroWriter implements TrainingSetWriter {
        private final Schema schema;
        private final DataFileWriter<GenericRecord> out;

        AvroWriter(Path file, List<String> features, List<String> textFeatures) throws IOException {
            SchemaBuilder.FieldAssembler<Schema> fields =
                    SchemaBuilder.record("TrainingRow")
                            .namespace("io.vigil.training")
                            .doc("A transaction's served-identical feature vector and its label")
                            .fields()
                            .requiredString("transactionId")
                            .name("eventTime")
                            .type(
                                    LogicalTypes.timestampMillis()
                                            .addToSchema(Schema.create(Schema.Type.LONG)))
                            .noDefault();
            for (String feature : features) {
                fields = fields.requiredDouble(feature);
            }
            for (String feature : textFeatures) {
                fields = fields.optionalString(feature);
            }
            schema = fields.optionalInt("label").endRecord();
            out =
                    new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))
                            .setCodec(CodecFactory.snappyCodec());
            out.create(schema, file.toFile());
        }

        @Override
        public void write(TrainingRow row) throws IOException {
            GenericRecord record = new GenericData.Record(schema);
            record.put("transactionId", row.transactionId);
            record.put("eventTime", row.eventTime);
            for (int i = 0; i < row.features.length; i++) {
                record.put(i + 2, row.features[i]);
            }
            for (int i = 0; i < row.textFeatures.length; i++) {
                record.put(i + 2 + row.features.length, row.textFeatures[i]);
            }
            record.put("label", row.label < 0 ? null : row.label);
            out.append(record);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
