package io.vigil.loadtest.generator;

import io.vigil.schemas.Transaction;
import io.vigil.schemas.TransactionLabel;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.SingleObjectEncoding;
import io.vigil.schemas.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Card transactions as {@link Traffic}: keyed by card number, labels known after {@link
 * LabelDelays}. Broken records cycle through what an attacker or a broken producer sends: bytes
 * that are not Avro, a negative amount, a length prefix claiming 2 GB, an amount of 1e200, a
 * merchant id of 100,000 characters, and a valid record cut short; each must become a dead letter.
 */
public final class CardTraffic implements Traffic {

    private static final RecordCodec<Transaction> TRANSACTIONS =
            WireFormat.AVRO.codec(Transaction.class);
    private static final RecordCodec<TransactionLabel> LABELS =
            WireFormat.AVRO.codec(TransactionLabel.class);

    private final TransactionGenerator generator;
    private final LabelDelays delays;
    private final boolean headerless;
    private GeneratedTransaction latest;

    public CardTraffic(TransactionGenerator generator, LabelDelays delays) {
        this(generator, delays, false);
    }

    private CardTraffic(TransactionGenerator generator, LabelDelays delays, boolean headerless) {
        this.generator = generator;
        this.delays = delays;
        this.headerless = headerless;
    }

    /**
     * Transactions as bare Avro datums, without the single-object header that names their schema:
     * what tools that are given the schema out of band (e.g. Flink SQL's {@code avro} format) read.
     */
    public static CardTraffic headerless(TransactionGenerator generator) {
        return new CardTraffic(generator, LabelDelays.immediate(), true);
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
                encode(t),
                t.getEventTime().toEpochMilli(),
                generated.fraud(),
                LABELS.encode(label),
                label.getLabelTime().toEpochMilli());
    }

    private byte[] encode(Transaction t) {
        byte[] framed = TRANSACTIONS.encode(t);
        return headerless
                ? Arrays.copyOfRange(framed, SingleObjectEncoding.HEADER_LENGTH, framed.length)
                : framed;
    }

    @Override
    public byte[] broken(long n) {
        if (latest == null) {
            return "{not avro at all}".getBytes(StandardCharsets.UTF_8);
        }
        Transaction t = latest.transaction();
        Transaction.Builder bad =
                Transaction.newBuilder(t).setTransactionId(t.getTransactionId() + "-bad");
        return switch ((int) (n % BROKEN_KINDS)) {
            case 0 -> "{not avro at all}".getBytes(StandardCharsets.UTF_8);
            case 1 -> TRANSACTIONS.encode(bad.setAmount(-1).build());
            case 2 -> new byte[] {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
            case 3 -> TRANSACTIONS.encode(bad.setAmount(1e200).build());
            case 4 -> TRANSACTIONS.encode(bad.setMerchantId("M".repeat(100_000)).build());
            default -> {
                byte[] valid = TRANSACTIONS.encode(bad.build());
                yield Arrays.copyOf(valid, valid.length / 2);
            }
        };
    }

    /** How many kinds of broken record {@link #broken} cycles through. */
    public static final int BROKEN_KINDS = 6;

    @Override
    public double eventsPerSecond() {
        return generator.eventsPerSecond();
    }

    @Override
    public long clock() {
        return generator.clock();
    }
}
