package io.vigil.features.events;

import io.vigil.features.spec.EventLayout;
import io.vigil.schemas.codec.WireFormat;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** What reading events and labels share: the parser of a format, the first step, times. */
final class RecordDecoding {

    /** Longest text accepted in a JSON record (a larger one is not an event). */
    private static final int MAX_JSON_STRING = 1 << 20;

    private RecordDecoding() {}

    /**
     * @param amountField the declared amount field, or null
     */
    static EventParser parser(EventLayout layout, WireFormat format, String amountField) {
        SlotValues values = new SlotValues(amountField);
        return format == WireFormat.AVRO
                ? new AvroEventParser(layout, values)
                : new JsonEventParser(layout, values, MAX_JSON_STRING);
    }

    /**
     * The used fields of {@code bytes}, in a new event of the layout's counts of numbers and texts
     * (counted once by the caller: counting per record showed in the decode's cost).
     */
    static Event parse(EventParser parser, int numbers, int texts, byte[] bytes)
            throws EventRejection {
        if (bytes == null) {
            throw new EventRejection(
                    RejectionReason.UNDECODABLE, "a tombstone: the record has no value");
        }
        Event e = Event.sized(numbers, texts);
        parser.parse(bytes, e);
        return e;
    }

    /**
     * The time in {@code slot}, epoch milliseconds: a number, or ISO-8601 text.
     *
     * @throws EventRejection when it is absent or not an instant
     */
    static long millis(Event e, EventLayout.Slot slot) throws EventRejection {
        if (slot.number()) {
            double value = e.numbers[slot.index()];
            if (Double.isNaN(value)) {
                throw missing(slot.path());
            }
            return (long) value;
        }
        String text = e.texts[slot.index()];
        if (text == null) {
            throw missing(slot.path());
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException ex) {
            throw new EventRejection(
                    RejectionReason.INVALID_FIELD, slot.path() + " is not an ISO-8601 instant");
        }
    }

    static EventRejection missing(String field) {
        return new EventRejection(
                RejectionReason.MISSING_FIELD, "required field " + field + " is empty");
    }
}
