package io.vigil.features.events;

import io.vigil.features.spec.EventDeclaration;
import io.vigil.features.spec.EventLayout;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.schemas.codec.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Turns one encoded record of the user's events into a validated {@link Event}, as a spec declares
 * them: only the fields the spec uses are extracted, rules are checked, sensitive fields are
 * replaced by their keyed hash. The streaming job, the backfill and offline training all read
 * events through this class. Flink-free; not thread-safe (one per operator instance).
 */
public final class EventReader {

    private static final long YEAR_2000_MILLIS =
            Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();

    private final EventLayout layout;
    private final EventParser parser;
    private final int numbers;
    private final int texts;
    private final EventValidator validator;
    private final EntityKeyHasher hasher;
    private final long maxFutureSkewMillis;
    private final Function<Event, String> id;
    private final EventLayout.Slot time;
    private final int[] sensitiveTexts;
    private final String timeField;
    private final String idField;
    private final Lookups lookups;

    /**
     * @param format how records are encoded: Avro binary with the spec's schema, or JSON
     * @param hasher keys the sensitive fields
     * @param maxFutureSkew how far ahead of the clock an event time may be
     * @throws IllegalArgumentException when a lookup table of the spec cannot be read
     */
    public EventReader(
            FeatureSpec spec, WireFormat format, EntityKeyHasher hasher, Duration maxFutureSkew) {
        EventDeclaration events = spec.events();
        this.layout = spec.layout();
        this.parser = RecordDecoding.parser(layout, format, events.amountField());
        this.numbers = layout.numberCount();
        this.texts = layout.textCount();
        this.validator = new EventValidator(events, layout);
        this.hasher = hasher;
        this.maxFutureSkewMillis = maxFutureSkew.toMillis();
        this.id = EventFields.text(layout, events.idField());
        this.time = layout.slot(events.timeField());
        this.timeField = events.timeField();
        this.idField = events.idField();
        List<EventLayout.Slot> sensitive =
                layout.slots().stream().filter(EventLayout.Slot::sensitive).toList();
        this.sensitiveTexts = sensitive.stream().mapToInt(EventLayout.Slot::index).toArray();
        this.lookups = new Lookups(spec);
    }

    /**
     * The event encoded in {@code bytes}.
     *
     * @param now wall-clock time, epoch milliseconds: the event's ingest time and the reference for
     *     future timestamps
     * @throws EventRejection when the record is not a valid event
     */
    public Event read(byte[] bytes, long now) throws EventRejection {
        Event e = RecordDecoding.parse(parser, numbers, texts, bytes);
        e.id = id.apply(e);
        if (e.id == null || e.id.isBlank()) {
            throw RecordDecoding.missing(idField);
        }
        e.eventTime = eventTime(e, now);
        if (!lookups.isEmpty()) {
            lookups.enrich(e, now); // before the rules, which may require a table's field
        }
        validator.check(e);
        for (int index : sensitiveTexts) {
            if (e.texts[index] != null) {
                e.texts[index] = hasher.keyOf(e.texts[index]);
            }
        }
        e.ingestTime = now;
        return e;
    }

    /**
     * The event in an Avro record of the spec's schema (generated or generic), read exactly as its
     * binary encoding would be: for offline work over records in memory.
     *
     * @throws EventRejection when the record is not a valid event
     * @throws IllegalArgumentException when the record cannot be written with its schema
     */
    public Event read(IndexedRecord record, long now) throws EventRejection {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        try {
            new SpecificDatumWriter<IndexedRecord>(
                            record.getSchema(), SpecificData.getForClass(record.getClass()))
                    .write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot encode " + record.getSchema().getName(), e);
        }
        return read(bytes.toByteArray(), now);
    }

    private long eventTime(Event e, long now) throws EventRejection {
        long t = RecordDecoding.millis(e, time);
        if (t > now + maxFutureSkewMillis) {
            throw new EventRejection(
                    RejectionReason.FUTURE_TIMESTAMP,
                    timeField
                            + " "
                            + Instant.ofEpochMilli(t)
                            + " is more than "
                            + Duration.ofMillis(maxFutureSkewMillis)
                            + " ahead of the clock ("
                            + Instant.ofEpochMilli(now)
                            + ")");
        }
        if (t < YEAR_2000_MILLIS) {
            throw new EventRejection(
                    RejectionReason.INVALID_FIELD,
                    timeField + " " + Instant.ofEpochMilli(t) + " is before 2000");
        }
        return t;
    }
}
