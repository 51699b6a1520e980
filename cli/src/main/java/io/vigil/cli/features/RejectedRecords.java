package io.vigil.cli.features;

import io.vigil.schemas.DeadLetter;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.WireFormat;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Dead letters written as Avro JSON lines; the file is created only when there is one. Thread-safe.
 */
final class RejectedRecords implements Closeable {

    private final Path file;
    private final RecordCodec<DeadLetter> json = WireFormat.JSON.codec(DeadLetter.class);
    private OutputStream out;

    RejectedRecords(Path file) {
        this.file = file;
    }

    synchronized void write(DeadLetter deadLetter) {
        try {
            if (out == null) {
                out = Files.newOutputStream(file);
            }
            out.write(json.encode(deadLetter));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
