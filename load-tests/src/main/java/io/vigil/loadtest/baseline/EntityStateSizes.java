package io.vigil.loadtest.baseline;

import io.vigil.features.engine.EntityFeatureEngine;
import io.vigil.features.engine.EntityState;
import io.vigil.features.engine.SpecFeatureReplay;
import io.vigil.features.events.EntityKeyHasher;
import io.vigil.features.events.EventReader;
import io.vigil.features.events.EventRejection;
import io.vigil.features.serialization.EntityStateSerializer;
import io.vigil.features.spec.EntitySpec;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.loadtest.generator.TransactionGenerator;
import io.vigil.schemas.Transaction;
import io.vigil.schemas.codec.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * How many bytes of state ScoringJob reads and writes per event for each entity of a spec: the
 * serialized size of the entity's state as each event finds it, averaged over the events that have
 * the entity's key, computed offline with the job's own feature engine and state serializer over
 * generated traffic. The {@link SkeletonJob} keeps state of these sizes.
 */
public final class EntityStateSizes {

    private EntityStateSizes() {}

    /**
     * Mean bytes per event for each of {@code spec}'s entities, in spec order, over {@code
     * transactions} of {@code generator}'s transactions.
     */
    public static int[] measure(
            FeatureSpec spec, TransactionGenerator generator, int transactions, String secret) {
        int entities = spec.entities().size();
        EntityStateSerializer[] serializers = new EntityStateSerializer[entities];
        for (int i = 0; i < entities; i++) {
            EntitySpec entity = spec.entities().get(i);
            EntityFeatureEngine engine = new EntityFeatureEngine(entity, spec.layout());
            serializers[i] = new EntityStateSerializer(engine.groupKeys(), engine.distinctKeys());
        }
        long[] bytes = new long[entities];
        long[] reads = new long[entities];
        DataOutputSerializer out = new DataOutputSerializer(4096);
        SpecFeatureReplay replay = new SpecFeatureReplay(spec);
        EventReader reader =
                new EventReader(spec, WireFormat.AVRO, new EntityKeyHasher(secret), Duration.ZERO);
        for (int n = 0; n < transactions; n++) {
            Transaction t = generator.next().transaction();
            try {
                replay.next(
                        reader.read(t, t.getEventTime().toEpochMilli()),
                        (entity, state) -> {
                            bytes[entity] += serializedSize(serializers[entity], state, out);
                            reads[entity]++;
                        });
            } catch (EventRejection e) {
                throw new IllegalStateException("the generator made an invalid transaction", e);
            }
        }
        int[] sizes = new int[entities];
        for (int i = 0; i < entities; i++) {
            sizes[i] = reads[i] == 0 ? 0 : (int) Math.round(bytes[i] / (double) reads[i]);
        }
        return sizes;
    }

    private static int serializedSize(
            EntityStateSerializer serializer, EntityState state, DataOutputSerializer out) {
        out.clear();
        try {
            serializer.serialize(state, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.length();
    }

    /** e.g. {@code card 410 B, merchant 1,204 B, device 88 B}. */
    public static String describe(FeatureSpec spec, int[] sizes) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < sizes.length; i++) {
            text.append(i == 0 ? "" : ", ")
                    .append(spec.entities().get(i).name())
                    .append(' ')
                    .append(String.format(Locale.ROOT, "%,d B", sizes[i]));
        }
        return text.toString();
    }
}
