package io.vigil.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.modelops.registry.ModelEvents;
import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.ModelEventType;
import io.vigil.schemas.codec.AvroLimits;
import io.vigil.schemas.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class AvroRecordDeserializerTest {

    private final AvroRecordDeserializer<ModelEvent> deserializer =
            new AvroRecordDeserializer<>(ModelEvent.class, WireFormat.AVRO);
    private final List<ModelEvent> out = new ArrayList<>();
    private final Collector<ModelEvent> collector =
            new Collector<>() {
                @Override
                public void collect(ModelEvent record) {
                    out.add(record);
                }

                @Override
                public void close() {}
            };

    @Test
    void countsEveryRecordItCannotUseByReasonAndKeepsReading() throws Exception {
        ModelEvent valid =
                ModelEvents.base(ModelEventType.REGISTERED, "m", "test", null)
                        .setVersion("1")
                        .build();
        byte[] encoded = WireFormat.AVRO.codec(ModelEvent.class).encode(valid);
        byte[] claimsAGigabyte = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};

        deserializer.deserialize(record(0, "garbage".getBytes(StandardCharsets.UTF_8)), collector);
        deserializer.deserialize(record(1, claimsAGigabyte), collector);
        deserializer.deserialize(record(2, new byte[AvroLimits.MAX_RECORD_BYTES + 1]), collector);
        deserializer.deserialize(record(3, null), collector);
        deserializer.deserialize(record(4, encoded), collector);

        assertThat(out).containsExactly(valid);
        assertThat(deserializer.skipped().count("UNDECODABLE")).isEqualTo(2);
        assertThat(deserializer.skipped().count("OVERSIZED")).isEqualTo(1);
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, byte[] value) {
        return new ConsumerRecord<>("model-events", 0, offset, null, value);
    }
}
