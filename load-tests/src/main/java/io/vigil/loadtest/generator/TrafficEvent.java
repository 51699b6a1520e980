package io.vigil.loadtest.generator;

/**
 * One generated event of any example, as it goes to Kafka, with its ground truth.
 *
 * @param id the event's id (what its prediction and label name)
 * @param key the Kafka key (e.g. the card or the user: an entity's events stay in order)
 * @param value the event, encoded as the example's spec reads it
 * @param eventTime epoch ms
 * @param positive its ground truth (fraud, a click)
 * @param label its label record, encoded as the example's spec reads labels
 * @param labelTime when the label becomes known, epoch ms
 */
public record TrafficEvent(
        String id,
        byte[] key,
        byte[] value,
        long eventTime,
        boolean positive,
        byte[] label,
        long labelTime) {}
