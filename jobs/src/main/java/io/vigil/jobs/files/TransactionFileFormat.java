package io.vigil.jobs.files;

import io.vigil.jobs.decode.RawRecord;
import io.vigil.schemas.Transaction;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Transactions from history files as {@link RawRecord}s, so they go through the job's own decoding
 * and validation (a bad line becomes a rejected record, not a failed backfill). Records of an Avro
 * container file are resolved against the current {@link Transaction} schema and re-encoded as Avro
 * binary; JSON lines are handed on as they are. The offset is the record's index in a container
 * file, its line number in a JSON file.
 */
public final class TransactionFileFormat extends SimpleStreamFormat<RawRecord> {

    private static final long serialVersionUID = 1L;

    /** What rejected records name as their source. */
    public static final String SOURCE = "files";

    private final FileLayout layout;

    public TransactionFileFormat(FileLayout layout) {
        this.layout = layout;
    }

    @Override
    public Reader<RawRecord> createReader(Configuration config, FSDataInputStream stream)
            throws IOException {
        return layout == FileLayout.AVRO_CONTAINER ? containerReader(stream) : lineReader(stream);
    }

    private static Reader<RawRecord> containerReader(FSDataInputStream stream) throws IOException {
        DataFileStream<Transaction> records =
                new DataFileStream<>(stream, new SpecificDatumReader<>(Transaction.class));
        RecordCodec<Transaction> binary = WireFormat.AVRO.codec(Transaction.class);
        return new Reader<>() {
            private long index;

            @Override
            public RawRecord read() {
                return records.hasNext()
                        ? new RawRecord(SOURCE, 0, index++, binary.encode(records.next()))
                        : null;
            }

            @Override
            public void close() throws IOException {
                records.close();
            }
        };
    }

    private static Reader<RawRecord> lineReader(FSDataInputStream stream) {
        NumberedLines lines = new NumberedLines(stream);
        return new Reader<>() {
            @Override
            public RawRecord read() throws IOException {
                String line = lines.next();
                return line == null
                        ? null
                        : new RawRecord(
                                SOURCE, 0, lines.number(), line.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void close() throws IOException {
                lines.close();
            }
        };
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
