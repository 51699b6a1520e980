package io.vigil.jobs.decode;

/**
 * A Kafka record value as read, with where it came from, so a record that cannot be processed can
 * be dead-lettered with its origin. A Flink POJO.
 */
public class RawRecord {

    public String topic;
    public int partition;
    public long offset;

    /** The record value; null for a tombstone. */
    public byte[] value;

    public RawRecord() {}

    public RawRecord(String topic, int partition, long offset, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.value = value;
    }
}
