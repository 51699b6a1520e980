package io.vigil.cli.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file with a header line: comma-separated, fields optionally in double quotes (a doubled
 * quote inside is a quote). Blank lines are skipped.
 *
 * @param header column names
 * @param rows cells of every data row, each as wide as the header
 */
record CsvTable(List<String> header, List<String[]> rows) {

    /**
     * @throws IllegalArgumentException naming the line of a row whose width differs from the header
     */
    static CsvTable read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> header = null;
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> cells = split(lines.get(i));
            if (header == null) {
                header = cells;
            } else if (cells.size() != header.size()) {
                throw new IllegalArgumentException(
                        file
                                + " line "
                                + (i + 1)
                                + " has "
                                + cells.size()
                                + " fields; the header has "
                                + header.size());
            } else {
                rows.add(cells.toArray(String[]::new));
            }
        }
        if (header == null) {
            throw new IllegalArgumentException(
                    file + " is empty: it needs a header line of column names");
        }
        return new CsvTable(header, rows);
    }

    static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().trim());
        return cells;
    }
}
