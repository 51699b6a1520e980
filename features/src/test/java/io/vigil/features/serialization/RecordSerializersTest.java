package io.vigil.features.serialization;

import static io.vigil.features.testutils.CardEvents.number;
import static io.vigil.features.testutils.CardEvents.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.features.engine.EnrichedEvent;
import io.vigil.features.engine.EntityFeatureEngine;
import io.vigil.features.engine.EntityState;
import io.vigil.features.engine.FeaturizedEvent;
import io.vigil.features.events.Event;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.features.testutils.CardEvents;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class RecordSerializersTest {

    @Test
    void flinkPicksTheHandWrittenSerializersForVigilsRecords() {
        assertThat(serializerOf(FeatureTypes.EVENT)).isSameAs(EventSerializer.INSTANCE);
        assertThat(serializerOf(FeatureTypes.ENRICHED_EVENT))
                .isSameAs(EnrichedEventSerializer.INSTANCE);
        assertThat(serializerOf(FeatureTypes.FEATURIZED_EVENT))
                .isSameAs(FeaturizedEventSerializer.INSTANCE);
        assertThat(serializerOf(FeatureTypes.ENTITY_STATE))
                .isSameAs(EntityStateSerializer.INSTANCE);
    }

    @Test
    void anEventSurvivesTheRoundTripWithItsNullsAndNaNs() throws IOException {
        Event full = cardEvent();
        Event sparse = Event.of(CardEvents.LAYOUT); // null texts, NaN numbers
        sparse.id = "t-2";

        assertSameFields(roundTrip(EventSerializer.INSTANCE, full), full);
        Event back = roundTrip(EventSerializer.INSTANCE, sparse);
        assertSameFields(back, sparse);
        assertThat(back.texts).containsOnlyNulls();
        assertThat(back.numbers).containsOnly(Double.NaN);
    }

    @Test
    void eventsWithVectorsSurviveTheRoundTripAndCopiesAreDeep() throws IOException {
        EnrichedEvent enriched = new EnrichedEvent(cardEvent(), 3);
        enriched.features[1] = 7.5;
        FeaturizedEvent featurized =
                enriched.toFeaturized(
                        "k", 42.5, new String[] {"shop-1", null}, new String[] {"ONLINE"});

        assertSameFields(roundTrip(EnrichedEventSerializer.INSTANCE, enriched), enriched);
        assertSameFields(roundTrip(FeaturizedEventSerializer.INSTANCE, featurized), featurized);

        EnrichedEvent copy = EnrichedEventSerializer.INSTANCE.copy(enriched);
        copy.features[1] = 0;
        set(copy.event, "amount", 1);
        assertThat(enriched.features[1]).isEqualTo(7.5);
        assertThat(number(enriched.event, "amount")).isEqualTo(42.5);
    }

    @Test
    void entityStateSurvivesTheRoundTripAndACopyIsDeep() throws IOException {
        EntityState state = entityState();

        assertSameFields(roundTrip(EntityStateSerializer.INSTANCE, state), state);
        EntityState copy = EntityStateSerializer.INSTANCE.copy(state);
        copy.sums[0] = -1;
        copy.groupKeys[0] = "changed";
        assertThat(state.sums[0]).isEqualTo(10.0);
        assertThat(state.groupKeys[0]).isEqualTo("1h|all|amount");
    }

    @Test
    void aValueInTheSerializersOwnLayoutLeavesTheLayoutToTheSnapshot() throws IOException {
        EntityState state = entityState();
        EntityStateSerializer own =
                new EntityStateSerializer(state.groupKeys.clone(), state.distinctKeys.clone());

        EntityState back = roundTrip(own, state);

        assertSameFields(back, state);
        assertThat(sizeOf(own, state))
                .as("no layout strings in the value")
                .isLessThan(sizeOf(EntityStateSerializer.INSTANCE, state) - 20);
    }

    @Test
    void aChangedLayoutIsMigratedValuesReadWithTheOldLayoutAndRewrittenInFull() throws IOException {
        EntityState state = entityState();
        EntityStateSerializer old =
                new EntityStateSerializer(state.groupKeys.clone(), state.distinctKeys.clone());
        EntityStateSerializer changed =
                new EntityStateSerializer(
                        new String[] {"24h|all|amount"}, state.distinctKeys.clone());
        DataOutputSerializer written = new DataOutputSerializer(64);
        old.serialize(state, written); // compact: the layout is only in old's snapshot

        TypeSerializerSnapshot<EntityState> oldSnapshot = restoredSnapshot(old);
        assertThat(
                        changed.snapshotConfiguration()
                                .resolveSchemaCompatibility(oldSnapshot)
                                .isCompatibleAfterMigration())
                .isTrue();
        assertThat(
                        old.snapshotConfiguration()
                                .resolveSchemaCompatibility(oldSnapshot)
                                .isCompatibleAsIs())
                .isTrue();

        EntityState migrated =
                roundTrip(
                        changed,
                        oldSnapshot
                                .restoreSerializer()
                                .deserialize(new DataInputDeserializer(written.getCopyOfBuffer())));
        assertThat(migrated.groupKeys)
                .as("the old layout, kept for the engine to adapt")
                .containsExactly("1h|all|amount");
        assertThat(migrated.sums).containsExactly(10.0);
    }

    @Test
    void valuesOfTheFirstFixedWidthFormatAreStillRead() throws IOException {
        EntityState state = entityState();
        EntityStateSerializer own =
                new EntityStateSerializer(state.groupKeys.clone(), state.distinctKeys.clone());

        assertSameFields(own.deserialize(new DataInputDeserializer(fixedWidth(state))), state);
    }

    @Test
    void aCardsStateAfterFortyDailyPaymentsIsWrittenInUnderHalfTheFixedWidthFormatsBytes()
            throws IOException {
        EntityFeatureEngine engine =
                new EntityFeatureEngine(
                        FeatureSpecs.bundled().entities().get(0), FeatureSpecs.bundled().layout());
        EntityState state = engine.newState();
        Event e = cardEvent();
        double[] features = new double[engine.size()];
        for (int day = 0; day < 40; day++) {
            e.eventTime = 1_700_000_000_000L + day * 86_400_000L + day * 7_919L;
            set(e, "merchantId", "m" + day % 12);
            set(e, "amount", 20 + day);
            engine.compute(state, e, features, 0);
            engine.update(state, e);
        }
        EntityStateSerializer own =
                new EntityStateSerializer(engine.groupKeys(), engine.distinctKeys());

        assertSameFields(roundTrip(own, state), state);
        assertThat(sizeOf(own, state)).isLessThan(fixedWidth(state).length / 2);
    }

    @Test
    void featurizedEventsOfEveryEarlierFormatAreReadAfterTheUpgradeAndMigrated()
            throws IOException {
        FeaturizedEvent waiting = new FeaturizedEvent("t-1", "k", 5, 6, 42.5, new double[] {1.5});
        for (int version :
                new int[] {
                    StringFormatSnapshot.FLINK_STRINGS_VERSION,
                    StringFormatSnapshot.COMPACT_STRINGS_VERSION,
                    FeaturizedEventSerializer.CARRIED_VERSION
                }) {
            TypeSerializerSnapshot<FeaturizedEvent> old =
                    snapshotOf(FeaturizedEventSerializer.Snapshot.class, version);
            TypeSerializer<FeaturizedEvent> reader = old.restoreSerializer();
            DataOutputSerializer written = new DataOutputSerializer(64);
            reader.serialize(waiting, written); // as that version wrote it

            assertThat(
                            FeaturizedEventSerializer.INSTANCE
                                    .snapshotConfiguration()
                                    .resolveSchemaCompatibility(old)
                                    .isCompatibleAfterMigration())
                    .isTrue();
            FeaturizedEvent back =
                    reader.deserialize(new DataInputDeserializer(written.getCopyOfBuffer()));
            assertSameFields(back, waiting);
            assertThat(back.carried).isEmpty();
            assertThat(back.textFeatures).isEmpty();
        }
        assertThat(
                        snapshotOfTheFirstFormat(FeaturizedEventSerializer.Snapshot.class)
                                .restoreSerializer())
                .isEqualTo(FeaturizedEventSerializer.FLINK_STRINGS);
    }

    @Test
    void aSavepointWithCardTransactionsOfEarlierVersionsStillLoadsButTheirEventsAreRefused()
            throws IOException {
        TypeSerializerSnapshot<EnrichedEvent> old =
                snapshotOfTheFirstFormat(EnrichedEventSerializer.Snapshot.class);

        assertThat(
                        EnrichedEventSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(old)
                                .isIncompatible())
                .isTrue();
        assertThatThrownBy(() -> old.restoreSerializer().createInstance())
                .hasMessageContaining("--drain");
    }

    /**
     * {@code s} in the first format (format byte 2: fixed-width arrays, the serializer's own
     * layout).
     */
    private static byte[] fixedWidth(EntityState s) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeByte(2);
        ArrayFields.writeInts(s.bucketsUsed, out);
        ArrayFields.writeLongs(s.bucketIds, out);
        ArrayFields.writeLongs(s.counts, out);
        for (double[] column : new double[][] {s.sums, s.sumSquares, s.mins, s.maxs}) {
            ArrayFields.writeDoubles(column, out);
        }
        ArrayFields.writeInts(s.distinctUsed, out);
        ArrayFields.writeInts(s.distinctHashes, out);
        ArrayFields.writeLongs(s.distinctLastSeen, out);
        ArrayFields.writeLongs(s.recentTimes, out);
        ArrayFields.writeDoubles(s.recentLatitudes, out);
        ArrayFields.writeDoubles(s.recentLongitudes, out);
        out.writeLong(s.latestTime);
        out.writeLong(s.expiry);
        return out.getCopyOfBuffer();
    }

    /**
     * What a savepoint holds for a serializer that used Flink's SimpleTypeSerializerSnapshot
     * (version 3, no payload).
     */
    private static <T> TypeSerializerSnapshot<T> snapshotOfTheFirstFormat(Class<?> snapshotClass)
            throws IOException {
        return snapshotOf(snapshotClass, StringFormatSnapshot.FLINK_STRINGS_VERSION);
    }

    /** What a savepoint holds for a snapshot of {@code version} (no payload). */
    private static <T> TypeSerializerSnapshot<T> snapshotOf(Class<?> snapshotClass, int version)
            throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeUTF(snapshotClass.getName());
        out.writeInt(version);
        return TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()),
                RecordSerializersTest.class.getClassLoader());
    }

    @Test
    void entityStateOfAnUnknownFormatIsRefusedWithAMessage() {
        DataInputDeserializer in = new DataInputDeserializer(new byte[] {9, 0, 0, 0, 0});

        assertThatThrownBy(() -> EntityStateSerializer.INSTANCE.deserialize(in))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("format 9");
    }

    @Test
    void aSnapshotRestoresACompatibleSerializer() throws IOException {
        for (RecordSerializer<?> serializer :
                new RecordSerializer<?>[] {
                    EventSerializer.INSTANCE,
                    EnrichedEventSerializer.INSTANCE,
                    FeaturizedEventSerializer.INSTANCE,
                    EntityStateSerializer.INSTANCE,
                    new EntityStateSerializer(new String[] {"1h|all|amount"}, new String[0])
                }) {
            assertSnapshotRestores(serializer);
        }
    }

    private static <T> void assertSnapshotRestores(RecordSerializer<T> serializer)
            throws IOException {
        TypeSerializerSnapshot<T> restored = restoredSnapshot(serializer);

        assertThat(restored.restoreSerializer()).isEqualTo(serializer);
        assertThat(
                        serializer
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(restored)
                                .isCompatibleAsIs())
                .isTrue();
    }

    /** Field by field; NaN equals NaN (a missing coordinate must stay missing). */
    private static void assertSameFields(Object actual, Object expected) {
        assertThat(actual)
                .usingRecursiveComparison()
                .withComparatorForType(Double::compare, Double.class)
                .isEqualTo(expected);
    }

    /** The serializer's snapshot, written and read back as a savepoint would. */
    private static <T> TypeSerializerSnapshot<T> restoredSnapshot(TypeSerializer<T> serializer)
            throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        return TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()),
                RecordSerializersTest.class.getClassLoader());
    }

    private static <T> int sizeOf(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return out.length();
    }

    private static TypeSerializer<?> serializerOf(TypeInformation<?> type) {
        return type.createSerializer(new SerializerConfigImpl());
    }

    private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T back = serializer.deserialize(in);
        assertThat(in.available()).as("bytes left unread").isZero();
        return back;
    }

    private static Event cardEvent() {
        Event e = CardEvents.event("t-1", "k", 1_700_000_000_000L, 42.5, "m", 48.85, 2.35);
        set(e, "channel", "ONLINE");
        set(e, "deviceId", "d");
        return e;
    }

    private static EntityState entityState() {
        EntityState s = new EntityState();
        s.bucketsUsed = new int[] {1};
        s.bucketIds = new long[] {5};
        s.counts = new long[] {2};
        s.sums = new double[] {10.0};
        s.sumSquares = new double[] {52.0};
        s.mins = new double[] {4.0};
        s.maxs = new double[] {6.0};
        s.distinctUsed = new int[] {2};
        s.distinctHashes = new int[] {11, 12};
        s.distinctLastSeen = new long[] {100, 200};
        s.recentTimes = new long[] {Long.MIN_VALUE, 300};
        s.recentLatitudes = new double[] {Double.NaN, 1.5};
        s.recentLongitudes = new double[] {Double.NaN, 2.5};
        s.latestTime = 300;
        s.expiry = 3_600_300;
        s.groupKeys = new String[] {"1h|all|amount"};
        s.distinctKeys = new String[] {"24h|all|merchant"};
        return s;
    }
}
