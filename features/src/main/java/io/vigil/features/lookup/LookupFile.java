package io.vigil.features.lookup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;

/**
 * Reads a reference table from any Flink FileSystem path: a CSV file whose first line names the
 * columns (RFC 4180: quoted cells may hold commas, quotes doubled, line breaks), or an Avro
 * container file ({@code .avro}) whose record fields are the columns. At most {@value #MAX_BYTES}
 * bytes: a table is held in memory by every decoding subtask.
 */
public final class LookupFile {

    /** The largest table file read: 64 MiB. */
    public static final long MAX_BYTES = 64L << 20;

    private LookupFile() {}

    /**
     * The table's column names.
     *
     * @throws IllegalArgumentException saying why the file cannot be read
     */
    public static List<String> header(String location) {
        Path path = new Path(location);
        try (InputStream in = open(path)) {
            if (avro(location)) {
                try (DataFileStream<GenericRecord> records =
                        new DataFileStream<>(in, new GenericDatumReader<>())) {
                    return records.getSchema().getFields().stream()
                            .map(Schema.Field::name)
                            .toList();
                }
            }
            List<String> header = new CsvCells(reader(in)).nextRow();
            if (header == null) {
                throw new IllegalArgumentException(
                        location + " is empty: its first line names the columns");
            }
            return header.stream().map(String::trim).toList();
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    /**
     * The rows by key: each the values of {@code columns} as text (null where a cell is empty or
     * absent). A key given twice keeps its last row.
     *
     * @throws IllegalArgumentException saying why the file cannot be read (naming the line)
     */
    public static Map<String, String[]> rows(String location, String key, List<String> columns) {
        Path path = new Path(location);
        try (InputStream in = open(path)) {
            return avro(location)
                    ? avroRows(in, key, columns)
                    : csvRows(in, location, key, columns);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    /** When the file was last modified (epoch ms), to see a new version. */
    public static long modificationTime(String location) throws IOException {
        Path path = new Path(location);
        return path.getFileSystem().getFileStatus(path).getModificationTime();
    }

    private static InputStream open(Path path) throws IOException {
        FileStatus status = path.getFileSystem().getFileStatus(path);
        if (status.getLen() > MAX_BYTES) {
            throw new IOException(
                    "it holds "
                            + status.getLen()
                            + " bytes; a lookup table holds at most "
                            + MAX_BYTES);
        }
        return path.getFileSystem().open(path);
    }

    private static boolean avro(String location) {
        return location.endsWith(".avro");
    }

    private static Reader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private static Map<String, String[]> csvRows(
            InputStream in, String location, String key, List<String> columns) throws IOException {
        CsvCells cells = new CsvCells(reader(in));
        List<String> header = cells.nextRow();
        if (header == null) {
            throw new IOException("it is empty: its first line names the columns");
        }
        header = header.stream().map(String::trim).toList();
        int keyIndex = indexOf(header, key);
        int[] indexes = new int[columns.size()];
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = indexOf(header, columns.get(i));
        }
        Map<String, String[]> rows = new HashMap<>();
        for (List<String> row = cells.nextRow(); row != null; row = cells.nextRow()) {
            if (row.size() == 1 && row.get(0).isBlank()) {
                continue; // a blank line
            }
            if (row.size() != header.size()) {
                throw new IOException(
                        "line "
                                + cells.line()
                                + " has "
                                + row.size()
                                + " cells, the header "
                                + header.size());
            }
            String[] values = new String[indexes.length];
            for (int i = 0; i < indexes.length; i++) {
                String cell = row.get(indexes[i]).trim();
                values[i] = cell.isEmpty() ? null : cell;
            }
            rows.put(row.get(keyIndex).trim(), values);
        }
        return rows;
    }

    private static Map<String, String[]> avroRows(InputStream in, String key, List<String> columns)
            throws IOException {
        Map<String, String[]> rows = new HashMap<>();
        try (DataFileStream<GenericRecord> records =
                new DataFileStream<>(in, new GenericDatumReader<>())) {
            List<String> header =
                    records.getSchema().getFields().stream().map(Schema.Field::name).toList();
            indexOf(header, key);
            columns.forEach(column -> indexOf(header, column));
            for (GenericRecord record : records) {
                Object k = record.get(key);
                if (k == null) {
                    continue;
                }
                String[] values = new String[columns.size()];
                for (int i = 0; i < values.length; i++) {
                    Object value = record.get(columns.get(i));
                    values[i] = value == null ? null : value.toString();
                }
                rows.put(k.toString(), values);
            }
        }
        return rows;
    }

    private static int indexOf(List<String> header, String column) {
        int index = header.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException(
                    "no column '" + column + "'; its columns: " + header);
        }
        return index;
    }
}
