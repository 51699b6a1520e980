package io.vigil.jobs.decode;

import io.vigil.features.engine.CardEvent;
import io.vigil.features.engine.CardEventMapper;
import io.vigil.features.engine.EntityKeyHasher;
import io.vigil.features.serialization.FeatureTypes;
import io.vigil.schemas.DeadLetter;
import io.vigil.schemas.Transaction;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.RecordDecodingException;
import io.vigil.schemas.codec.WireFormat;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes and validates raw transactions. Valid ones continue as {@link CardEvent}s with the card
 * number replaced by its entity key; every other record goes to {@link #DEAD_LETTERS} with the
 * reason and its original bytes. Never throws on bad input, so one bad record cannot stop the job.
 */
public class DecodeFunction extends ProcessFunction<RawRecord, CardEvent>
        implements ResultTypeQueryable<CardEvent> {

    @Override
    public TypeInformation<CardEvent> getProducedType() {
        return FeatureTypes.CARD_EVENT;
    }

    private static final long serialVersionUID = 1L;

    /** Side output of rejected records. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private final WireFormat format;
    private final String entityKeySecret;
    private final Duration maxFutureSkew;

    private transient RecordCodec<Transaction> codec;
    private transient CardEventMapper mapper;
    private transient TransactionValidator validator;
    private transient Counter deadLetters;

    public DecodeFunction(WireFormat format, String entityKeySecret, Duration maxFutureSkew) {
        this.format = format;
        this.entityKeySecret = entityKeySecret;
        this.maxFutureSkew = maxFutureSkew;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = format.codec(Transaction.class);
        mapper = new CardEventMapper(new EntityKeyHasher(entityKeySecret));
        validator = new TransactionValidator(maxFutureSkew);
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<CardEvent> out) {
        long now = System.currentTimeMillis();
        Transaction transaction;
        try {
            transaction = codec.decode(raw.value);
        } catch (RecordDecodingException e) {
            reject(raw, RejectionReason.UNDECODABLE, e.getMessage(), now, ctx);
            return;
        }
        TransactionValidator.Rejection rejection = validator.check(transaction, now);
        if (rejection != null) {
            reject(raw, rejection.code(), rejection.reason(), now, ctx);
            return;
        }
        out.collect(mapper.map(transaction, now));
    }

    private void reject(RawRecord raw, RejectionReason code, String reason, long now, Context ctx) {
        deadLetters.inc();
        ctx.output(
                DEAD_LETTERS,
                DeadLetter.newBuilder()
                        .setReasonCode(code.name())
                        .setReason(reason)
                        .setSourceTopic(raw.topic)
                        .setSourcePartition(raw.partition)
                        .setSourceOffset(raw.offset)
                        .setOriginalBytes(
                                ByteBuffer.wrap(raw.value == null ? new byte[0] : raw.value))
                        .setDeadLetteredAt(Instant.ofEpochMilli(now))
                        .build());
    }
}
