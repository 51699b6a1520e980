package io.vigil.jobs.files;

import io.vigil.features.events.EventRejection;
import io.vigil.features.events.LabelReader;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.schemas.TransactionLabel;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.RecordDecodingException;
import io.vigil.schemas.codec.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * Labels from history files (Avro container or JSON lines): in the shape the spec's labels section
 * declares, or Vigil's {@code TransactionLabel}s without one. A label that cannot be read fails the
 * backfill with its line (or record) number: a training set silently missing labels would be wrong,
 * not smaller.
 */
public final class LabelFileFormat extends SimpleStreamFormat<TransactionLabel> {

    private static final long serialVersionUID = 1L;

    private final FileLayout layout;
    private final FeatureSpec spec;

    /**
     * @param spec whose labels section says what a label is; Vigil's labels without one
     */
    public LabelFileFormat(FileLayout layout, FeatureSpec spec) {
        this.layout = layout;
        this.spec = spec;
    }

    @Override
    public Reader<TransactionLabel> createReader(Configuration config, FSDataInputStream stream)
            throws IOException {
        if (spec.labels() != null) {
            return teamLabels(stream);
        }
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

    /** Labels in the team's schema: each record read by the same {@link LabelReader} as topics. */
    private Reader<TransactionLabel> teamLabels(FSDataInputStream stream) throws IOException {
        boolean avro = layout == FileLayout.AVRO_CONTAINER;
        LabelReader reader = new LabelReader(spec, avro ? WireFormat.AVRO : WireFormat.JSON);
        Iterator<byte[]> records =
                avro ? AvroContainerRecords.of(stream, spec.labelLayout().schema()) : null;
        NumberedLines lines = avro ? null : new NumberedLines(stream);
        return new Reader<>() {
            private long number;

            @Override
            public TransactionLabel read() throws IOException {
                byte[] record;
                if (avro) {
                    record = records.hasNext() ? records.next() : null;
                } else {
                    String line = lines.next();
                    record = line == null ? null : line.getBytes(StandardCharsets.UTF_8);
                }
                if (record == null) {
                    return null;
                }
                number++;
                try {
                    return reader.read(record, 0);
                } catch (EventRejection e) {
                    throw new IOException(
                            "labels file, "
                                    + (avro ? "record " : "line ")
                                    + (avro ? number : lines.number())
                                    + ": not a label of "
                                    + spec.labels().schemaLocation()
                                    + ": "
                                    + e.getMessage(),
                            e);
                }
            }

            @Override
            public void close() throws IOException {
                stream.close();
            }
        };
    }

    @Override
    public TypeInformation<TransactionLabel> getProducedType() {
        return new AvroTypeInfo<>(TransactionLabel.class);
    }
}
