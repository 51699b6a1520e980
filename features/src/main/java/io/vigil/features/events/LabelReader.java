package io.vigil.features.events;

import io.vigil.features.spec.EventLayout;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.LabelDeclaration;
import io.vigil.schemas.TransactionLabel;
import io.vigil.schemas.codec.WireFormat;
import java.time.Instant;
import java.util.function.Function;

/**
 * Turns one record of the user's labels, as the spec's {@code labels} section declares them, into
 * the {@link TransactionLabel} monitoring and training sets join with predictions: the labelled
 * event's id, whether the label is one of the positive values, its time, pattern and amount. Only
 * the declared fields are read. Flink-free; not thread-safe.
 */
public final class LabelReader {

    private final LabelDeclaration labels;
    private final EventLayout layout;
    private final EventParser parser;
    private final int numbers;
    private final int texts;
    private final Function<Event, String> id;
    private final Function<Event, String> label;
    private final Function<Event, String> pattern;
    private final EventLayout.Slot time;
    private final EventLayout.Slot amount;

    /**
     * Reads labels encoded as the spec's labels section says ({@code format}).
     *
     * @throws IllegalArgumentException when the spec declares no labels
     */
    public LabelReader(FeatureSpec spec) {
        this(spec, spec.labels() == null ? WireFormat.AVRO : spec.labels().format());
    }

    /**
     * Reads labels encoded in {@code format}.
     *
     * @throws IllegalArgumentException when the spec declares no labels
     */
    public LabelReader(FeatureSpec spec, WireFormat format) {
        if (spec.labels() == null) {
            throw new IllegalArgumentException("the spec declares no labels section");
        }
        this.labels = spec.labels();
        this.layout = spec.labelLayout();
        this.parser = RecordDecoding.parser(layout, format, null);
        this.numbers = layout.numberCount();
        this.texts = layout.textCount();
        this.id = EventFields.text(layout, labels.idField());
        this.label = EventFields.text(layout, labels.labelField());
        this.pattern =
                labels.patternField() == null
                        ? e -> null
                        : EventFields.text(layout, labels.patternField());
        this.time = labels.timeField() == null ? null : layout.slot(labels.timeField());
        this.amount = labels.amountField() == null ? null : layout.slot(labels.amountField());
    }

    /**
     * The label encoded in {@code bytes}.
     *
     * @param recordTime the record's timestamp, epoch milliseconds: the label's time unless the
     *     labels declare a time field
     * @throws EventRejection when the record is not a label of the declared schema, or lacks the
     *     event id or the label
     */
    public TransactionLabel read(byte[] bytes, long recordTime) throws EventRejection {
        Event e = RecordDecoding.parse(parser, numbers, texts, bytes);
        String eventId = id.apply(e);
        String value = label.apply(e);
        if (eventId == null || eventId.isBlank()) {
            throw RecordDecoding.missing(labels.idField());
        }
        if (value == null) {
            throw RecordDecoding.missing(labels.labelField());
        }
        boolean positive = labels.positive().contains(value);
        Instant at =
                Instant.ofEpochMilli(time == null ? recordTime : RecordDecoding.millis(e, time));
        return TransactionLabel.newBuilder()
                .setTransactionId(eventId)
                .setFraud(positive)
                .setFraudPattern(positive ? pattern.apply(e) : null)
                .setEventTime(at) // the labels do not say when the event happened
                .setLabelTime(at)
                .setAmount(
                        amount == null || Double.isNaN(e.numbers[amount.index()])
                                ? null
                                : e.numbers[amount.index()])
                .build();
    }
}
