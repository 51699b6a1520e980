package io.vigil.features.lookup;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into rows of cells (RFC 4180): commas separate cells, a quoted cell may hold
 * commas, line breaks and doubled quotes; lines end with LF or CRLF.
 */
final class CsvCells {

    private final Reader in;
    private int line;

    CsvCells(Reader in) {
        this.in = in;
    }

    /** The number of the line the last row ended on (1-based). */
    int line() {
        return line;
    }

    /** The next row, or null at the end of the text. */
    List<String> nextRow() throws IOException {
        int c = read();
        if (c < 0) {
            return null;
        }
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        while (true) {
            if (quoted) {
                if (c < 0) {
                    throw new IOException("line " + (line + 1) + ": a quoted cell is not closed");
                }
                if (c == '"') {
                    int after = read();
                    if (after == '"') {
                        cell.append('"');
                    } else {
                        quoted = false;
                        c = after;
                        continue;
                    }
                } else {
                    line += c == '\n' ? 1 : 0;
                    cell.append((char) c);
                }
            } else if (c == '"' && cell.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n' || c < 0) {
                line++;
                cells.add(cell.toString());
                return cells;
            } else if (c != '\r') {
                cell.append((char) c);
            }
            c = read();
        }
    }

    private int read() throws IOException {
        return in.read();
    }
}
