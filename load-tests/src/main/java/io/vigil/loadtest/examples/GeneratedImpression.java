package io.vigil.loadtest.examples;

/**
 * One generated impression and its outcome.
 *
 * @param id the impression's id
 * @param userId whose it is (the Kafka key: a user's impressions stay in order)
 * @param shownAt event time, epoch ms
 * @param impression the impression, Avro binary in the example's schema
 * @param clicked whether the user clicks
 * @param labelAt when the outcome is known: the click, or the end of the attribution window
 * @param click the outcome, Avro binary in the example's click schema
 */
public record GeneratedImpression(
        String id,
        String userId,
        long shownAt,
        byte[] impression,
        boolean clicked,
        long labelAt,
        byte[] click) {}
