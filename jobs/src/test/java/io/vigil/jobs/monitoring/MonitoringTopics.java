package io.vigil.jobs.monitoring;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.jobs.testutils.TopicReader;
import io.vigil.jobs.testutils.TransactionProducer;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.WireFormat;
import io.vigil.schemas.testutils.EveryEncoding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.ProducerRecord;

/** How {@link MonitoringJobITCase} writes its inputs and reads the job's outputs. */
final class MonitoringTopics {

    private MonitoringTopics() {}

    static <T extends SpecificRecord> List<T> read(
            EmbeddedKafkaBroker broker, String topic, int count, Class<T> type) throws Exception {
        RecordCodec<T> codec = WireFormat.AVRO.codec(type);
        List<T> records = new ArrayList<>();
        for (var record :
                TopicReader.read(
                        broker.bootstrapServers(),
                        topic,
                        count,
                        Duration.ofMinutes(2),
                        Duration.ofSeconds(2))) {
            records.add(codec.decode(record.value()));
        }
        return records;
    }

    /**
     * Round-robin over the 4 partitions; each trailing record ("late-N") to partition N % 4; the
     * records in every encoding in turn (the job reads them all).
     */
    static <T extends SpecificRecordBase> void produce(
            EmbeddedKafkaBroker broker, String topic, List<T> records) {
        List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            T record = records.get(i);
            String id = record.get("transactionId").toString();
            int partition = id.startsWith("late-") ? Integer.parseInt(id.substring(5)) % 4 : i % 4;
            byte[] value = EveryEncoding.inTurn(record, i / 4); // every encoding on each partition
            sent.add(new ProducerRecord<>(topic, partition, null, value));
        }
        TransactionProducer.sendAll(broker.bootstrapServers(), sent);
    }
}
