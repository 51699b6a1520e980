package io.vigil.loadtest.generator;

import io.vigil.schemas.Transaction;
import io.vigil.schemas.TransactionLabel;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.WireFormat;
import java.nio.charset.StandardCharsets;

/**
 * Card transactions as {@link Traffic}: keyed by card number, labels known after {@link
 * LabelDelays}; broken records alternate between bytes that are not Avro and a negative amount.
 */
public final class CardTraffic implements Traffic {

    private static final RecordCodec<Transaction> TRANSACTIONS =
            WireFormat.AVRO.codec(Transaction.class);
    private static final RecordCodec<TransactionLabel> LABELS =
            WireFormat.AVRO.codec(TransactionLabel.class);

    private final TransactionGenerator generator;
    private final LabelDelays delays;
    private GeneratedTransaction latest;

    public CardTraffic(TransactionGenerator generator, LabelDelays delays) {
        this.generator = generator;
        this.delays = delays;
    }

    /** Labels known with their transaction. */
    public CardTraffic(TransactionGenerator generator) {
        this(generator, LabelDelays.immediate());
    }

    public TransactionGenerator generator() {
        return generator;
    }

    @Override
    public TrafficEvent next() {
        latest = generator.next();
        return event(latest);
    }

    /** {@code generated} as traffic (e.g. history generated earlier). */
    public TrafficEvent event(GeneratedTransaction generated) {
        Transaction t = generated.transaction();
        TransactionLabel label = generated.label(delays.delayMillis(generated));
        return new TrafficEvent(
                t.getTransactionId(),
                t.getCardNumber().getBytes(StandardCharsets.UTF_8),
                TRANSACTIONS.encode(t),
                t.getEventTime().toEpochMilli(),
                generated.fraud(),
                LABELS.encode(label),
                label.getLabelTime().toEpochMilli());
    }

    @Override
    public byte[] broken(long n) {
        if (n % 2 == 0 || latest == null) {
            return "{not avro at all}".getBytes(StandardCharsets.UTF_8);
        }
        Transaction t = latest.transaction();
        return TRANSACTIONS.encode(
                Transaction.newBuilder(t)
                        .setTransactionId(t.getTransactionId() + "-neg")
                        .setAmount(-1)
                        .build());
    }

    @Override
    public double eventsPerSecond() {
        return generator.eventsPerSecond();
    }

    @Override
    public long clock() {
        return generator.clock();
    }
}
