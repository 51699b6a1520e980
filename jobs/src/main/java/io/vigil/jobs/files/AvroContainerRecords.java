package io.vigil.jobs.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * The records of an Avro container file as Avro binary in the schema the spec declares: the file's
 * own schema is resolved against it (Avro's rules: fields matched by name, defaults for the
 * missing), so the bytes read exactly as the same records would off a topic.
 */
final class AvroContainerRecords {

    private AvroContainerRecords() {}

    /**
     * @param schema the schema the records are wanted in
     * @throws IOException when the stream is not an Avro container file
     */
    static Iterator<byte[]> of(InputStream in, Schema schema) throws IOException {
        GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(null, schema);
        DataFileStream<GenericRecord> records = new DataFileStream<>(in, reader);
        GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(schema);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public byte[] next() {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
                BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
                try {
                    writer.write(records.next(), encoder);
                    encoder.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return bytes.toByteArray();
            }
        };
    }
}
