package io.vigil.jobs.decode;

import io.vigil.features.events.EntityKeySecret;
import io.vigil.features.events.Event;
import io.vigil.features.events.EventReader;
import io.vigil.features.events.EventRejection;
import io.vigil.features.events.RejectionReason;
import io.vigil.features.serialization.FeatureTypes;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.schemas.DeadLetter;
import io.vigil.schemas.codec.AvroLimits;
import io.vigil.schemas.codec.WireFormat;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes and validates raw events as the spec declares them ({@link EventReader}). Valid ones
 * continue as {@link Event}s holding only the fields the spec uses, sensitive ones hashed; every
 * other record goes to {@link #DEAD_LETTERS} with the reason and its original bytes (the first
 * {@value #MAX_ORIGINAL_BYTES} of a larger record, and its size). Never throws on bad input, so one
 * bad record cannot stop the job.
 */
public class DecodeFunction extends ProcessFunction<RawRecord, Event>
        implements ResultTypeQueryable<Event> {

    private static final long serialVersionUID = 1L;

    /**
     * Most bytes of a record a dead letter carries: a dead letter must fit the producer's request
     * limit (1 MiB by default) whatever arrived, or writing it would fail the job on every replay
     * of the record (a compressed batch lets an 8 MB record in).
     */
    public static final int MAX_ORIGINAL_BYTES = 256 * 1024;

    /** Side output of rejected records. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private final FeatureSpec spec;
    private final WireFormat format;
    private final EntityKeySecret entityKeySecret;
    private final Duration maxFutureSkew;
    private final int maxRecordBytes;

    private transient EventReader reader;

    public DecodeFunction(
            FeatureSpec spec,
            WireFormat format,
            EntityKeySecret entityKeySecret,
            Duration maxFutureSkew,
            int maxRecordBytes) {
        this.spec = spec;
        this.format = format;
        this.entityKeySecret = entityKeySecret;
        this.maxFutureSkew = maxFutureSkew;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public TypeInformation<Event> getProducedType() {
        return FeatureTypes.EVENT;
    }

    @Override
    public void open(OpenContext openContext) {
        AvroLimits.install(); // lookup tables in Avro are read with Avro's own decoder
        // The secret is read here, on the TaskManager: with a secret file, it is in no job graph.
        reader = new EventReader(spec, format, entityKeySecret.hasher(), maxFutureSkew);
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<Event> out) {
        long now = System.currentTimeMillis();
        if (raw.value != null && raw.value.length > maxRecordBytes) {
            reject(
                    raw,
                    RejectionReason.OVERSIZED,
                    "a record of "
                            + raw.value.length
                            + " bytes, more than the "
                            + maxRecordBytes
                            + " this job reads (vigil.input.max-record-size)",
                    now,
                    ctx);
            return;
        }
        try {
            out.collect(reader.read(raw.value, now));
        } catch (EventRejection rejection) {
            reject(raw, rejection.code(), rejection.getMessage(), now, ctx);
        }
    }

    private void reject(RawRecord raw, RejectionReason code, String reason, long now, Context ctx) {
        byte[] value = raw.value == null ? new byte[0] : raw.value;
        boolean cut = value.length > MAX_ORIGINAL_BYTES;
        ctx.output(
                DEAD_LETTERS,
                DeadLetter.newBuilder()
                        .setReasonCode(code.name())
                        .setReason(reason)
                        .setSourceTopic(raw.topic)
                        .setSourcePartition(raw.partition)
                        .setSourceOffset(raw.offset)
                        .setOriginalBytes(
                                ByteBuffer.wrap(
                                        cut ? Arrays.copyOf(value, MAX_ORIGINAL_BYTES) : value))
                        .setOriginalSize(cut ? (long) value.length : null)
                        .setDeadLetteredAt(Instant.ofEpochMilli(now))
                        .build());
    }
}
