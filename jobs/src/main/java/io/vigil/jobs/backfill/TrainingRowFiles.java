package io.vigil.jobs.backfill;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs a batch job whose rows go to files under a directory (any Flink FileSystem path, so it works
 * on a cluster with shared storage), then reads them back once the job has succeeded: complete by
 * construction, unlike collecting from a cluster that may shut down before the last fetch. Rows are
 * lines of {@code transactionId,eventTime,label,carried,served,features...} with doubles written
 * exactly.
 */
public final class TrainingRowFiles {

    private TrainingRowFiles() {}

    /**
     * Runs {@code rows}' job on {@code env} into {@code directory} and hands every row to {@code
     * consumer}.
     */
    public static void run(
            StreamExecutionEnvironment env,
            DataStream<TrainingRow> rows,
            String jobName,
            Path directory,
            Consumer<TrainingRow> consumer)
            throws Exception {
        rows.sinkTo(FileSink.forRowFormat(directory, new RowEncoder()).build())
                .name("training rows");
        JobClient job = env.executeAsync(jobName);
        job.getJobExecutionResult().get();
        FileSystem fs = directory.getFileSystem();
        for (FileStatus file : files(fs, directory)) {
            try (BufferedReader in =
                    new BufferedReader(
                            new InputStreamReader(
                                    fs.open(file.getPath()), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    consumer.accept(parse(line));
                }
            }
        }
    }

    /**
     * Finished part files, in the buckets below {@code directory} (in-progress files start with a
     * dot).
     */
    private static List<FileStatus> files(FileSystem fs, Path directory) throws IOException {
        List<FileStatus> files = new ArrayList<>();
        if (!fs.exists(directory)) {
            return files;
        }
        for (FileStatus status : fs.listStatus(directory)) {
            if (status.getPath().getName().startsWith(".")) {
                continue;
            }
            if (status.isDir()) {
                files.addAll(files(fs, status.getPath()));
            } else {
                files.add(status);
            }
        }
        return files;
    }

    static TrainingRow parse(String line) {
        String[] parts = line.split(",", -1);
        double[] features = new double[parts.length - 5];
        for (int i = 0; i < features.length; i++) {
            features[i] = Double.parseDouble(parts[i + 5]);
        }
        TrainingRow row =
                new TrainingRow(
                        URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        Long.parseLong(parts[1]),
                        features);
        row.label = Integer.parseInt(parts[2]);
        row.carried = decodeTexts(parts[3]);
        row.served = parts[4].isEmpty() ? null : ServedScores.fromTexts(decodeTexts(parts[4]));
        return row;
    }

    private static String[] decodeTexts(String column) {
        return column.isEmpty()
                ? new String[0]
                : Arrays.stream(column.split(";", -1))
                        .map(
                                v ->
                                        NULL.equals(v)
                                                ? null
                                                : URLDecoder.decode(
                                                        v.substring(1), StandardCharsets.UTF_8))
                        .toArray(String[]::new);
    }

    /** Texts joined by ';', each a {@link #NULL} or '=' and its URL encoding. */
    private static void encodeTexts(String[] texts, StringBuilder line) {
        for (int i = 0; i < texts.length; i++) {
            line.append(i == 0 ? "" : ";")
                    .append(
                            texts[i] == null
                                    ? NULL
                                    : "=" + URLEncoder.encode(texts[i], StandardCharsets.UTF_8));
        }
    }

    /**
     * A carried field the event lacked; a present one is written '=' and its URL encoding (so an
     * empty value is not an empty list). URL encoding never writes a tilde or an equals sign.
     */
    private static final String NULL = "~";

    /**
     * One row per line: id, event time, label, carried fields, served scores (empty for rows
     * computed from history), features; the transaction id and each text URL-encoded (they may hold
     * commas), the texts of a column joined by ';'.
     */
    static final class RowEncoder implements Encoder<TrainingRow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void encode(TrainingRow row, OutputStream out) throws IOException {
            StringBuilder line =
                    new StringBuilder(URLEncoder.encode(row.transactionId, StandardCharsets.UTF_8))
                            .append(',')
                            .append(row.eventTime)
                            .append(',')
                            .append(row.label)
                            .append(',');
            encodeTexts(row.carried, line);
            line.append(',');
            if (row.served != null) {
                encodeTexts(row.served.toTexts(), line);
            }
            for (double value : row.features) {
                line.append(',').append(value);
            }
            out.write(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        }
    }
}
