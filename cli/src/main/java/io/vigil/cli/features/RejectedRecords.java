package io.vigil.cli.features;

import io.vigil.schemas.DeadLetter;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.WireFormat;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Dead letters written as Avro JSON lines, without the records' bytes: a record may hold card
 * numbers in clear, and no file Vigil writes may. Each line says where the record is (file or
 * topic, partition, offset), why it was left out, and its size ({@code originalSize}); the record
 * itself stays in the input. The file is created only when there is one. Thread-safe.
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
            out.write(json.encode(withoutBytes(deadLetter)));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static DeadLetter withoutBytes(DeadLetter deadLetter) {
        long size =
                deadLetter.getOriginalSize() != null
                        ? deadLetter.getOriginalSize()
                        : deadLetter.getOriginalBytes().remaining();
        return DeadLetter.newBuilder(deadLetter)
                .setOriginalBytes(ByteBuffer.allocate(0))
                .setOriginalSize(size)
                .build();
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
