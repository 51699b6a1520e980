package io.vigil.jobs.files;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** The non-blank lines of a UTF-8 stream, with their 1-based line numbers. */
final class NumberedLines implements Closeable {

    private final BufferedReader lines;
    private long number;

    NumberedLines(InputStream in) {
        this.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The next non-blank line, or null at the end. */
    String next() throws IOException {
        String line;
        do {
            line = lines.readLine();
            number++;
        } while (line != null && line.isBlank());
        return line;
    }

    /** Line number of the line {@link #next()} returned last. */
    long number() {
        return number;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
