package io.vigil.jobs.files;

import io.vigil.jobs.decode.RawRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.apache.avro.Schema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Events from history files as {@link RawRecord}s, so they go through the job's own decoding and
 * validation (a bad line becomes a rejected record, not a failed backfill). Records of an Avro
 * container file are resolved against the events' schema (the spec's) and re-encoded as Avro
 * binary; JSON lines are handed on as they are. The offset is the record's index in a container
 * file, its line number in a JSON file.
 */
public final class TransactionFileFormat extends SimpleStreamFormat<RawRecord> {

    private static final long serialVersionUID = 1L;

    /** What rejected records name as their source. */
    public static final String SOURCE = "files";

    private final FileLayout layout;
    private final String schemaJson;

    /**
     * @param schemaJson the events' Avro schema (the spec's), as JSON
     */
    public TransactionFileFormat(FileLayout layout, String schemaJson) {
        this.layout = layout;
        this.schemaJson = schemaJson;
    }

    @Override
    public Reader<RawRecord> createReader(Configuration config, FSDataInputStream stream)
            throws IOException {
        return layout == FileLayout.AVRO_CONTAINER ? containerReader(stream) : lineReader(stream);
    }

    private Reader<RawRecord> containerReader(FSDataInputStream stream) throws IOException {
        Iterator<byte[]> records =
                AvroContainerRecords.of(stream, new Schema.Parser().parse(schemaJson));
        return new Reader<>() {
            private long index;

            @Override
            public RawRecord read() {
                return records.hasNext() ? new RawRecord(SOURCE, 0, index++, records.next()) : null;
            }

            @Override
            public void close() throws IOException {
                stream.close();
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
