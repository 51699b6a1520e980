package io.vigil.jobs.files;

import io.vigil.schemas.TransactionLabel;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.RecordDecodingException;
import io.vigil.schemas.codec.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * Labels from history files (Avro container or JSON lines). A label that cannot be read fails the
 * backfill with its line number: a training set silently missing labels would be wrong, not
 * smaller.
 */
public final class LabelFileFormat extends SimpleStreamFormat<TransactionLabel> {

    private static final long serialVersionUID = 1L;

    private final FileLayout layout;

    public LabelFileFormat(FileLayout layout) {
        this.layout = layout;
    }

    @Override
    public Reader<TransactionLabel> createReader(Configuration config, FSDataInputStream stream)
            throws IOException {
        if (layout == FileLayout.AVRO_CONTAINER) {
            DataFileStream<TransactionLabel> records =
                    new DataFileStream<>(stream, new SpecificDatumReader<>(TransactionLabel.class));
            return new Reader<>() {
                @Override
                public TransactionLabel read() {
                    return records.hasNext() ? records.next() : null;
                }

                @Override
                public void close() throws IOException {
                    records.close();
                }
            };
        }
        NumberedLines lines = new NumberedLines(stream);
        RecordCodec<TransactionLabel> json = WireFormat.JSON.codec(TransactionLabel.class);
        return new Reader<>() {
            @Override
            public TransactionLabel read() throws IOException {
                String line = lines.next();
                if (line == null) {
                    return null;
                }
                try {
                    return json.decode(line.getBytes(StandardCharsets.UTF_8));
                } catch (RecordDecodingException e) {
                    throw new IOException(
                            "labels file, line "
                                    + lines.number()
                                    + ": not a TransactionLabel in Avro JSON: "
                                    + e.getMessage(),
                            e);
                }
            }

            @Override
            public void close() throws IOException {
                lines.close();
            }
        };
    }

    @Override
    public TypeInformation<TransactionLabel> getProducedType() {
        return new AvroTypeInfo<>(TransactionLabel.class);
    }
}
