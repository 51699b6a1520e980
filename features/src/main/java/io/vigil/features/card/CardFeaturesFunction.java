package io.vigil.features.card;

import io.vigil.features.CardEvent;
import io.vigil.features.FeaturizedEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per-card streaming features, keyed by entity key, in one {@link ValueState} per card (one state
 * read and one write per event).
 *
 * <p>Guarantees: every input event yields exactly one {@link FeaturizedEvent}, computed by
 * {@link CardFeatureCalculator} (point in time: only earlier events of the card). A card's state is
 * dropped by an event-time timer once no window can need it (31 days after its latest event), so
 * state is bounded by the number of cards active in the last month.
 */
public class CardFeaturesFunction extends KeyedProcessFunction<String, CardEvent, FeaturizedEvent> {

    private static final long serialVersionUID = 1L;

    /** State name: part of savepoints, never rename. */
    public static final String HISTORY_STATE = "card-history";

    private transient ValueState<CardHistory> history;
    private transient CardFeatureCalculator calculator;

    @Override
    public void open(OpenContext openContext) {
        history = getRuntimeContext().getState(new ValueStateDescriptor<>(HISTORY_STATE, CardHistory.class));
        calculator = new CardFeatureCalculator();
    }

    @Override
    public void processElement(CardEvent event, Context ctx, Collector<FeaturizedEvent> out) throws Exception {
        CardHistory card = history.value();
        if (card == null) {
            card = new CardHistory();
        }
        double[] features = new double[CardFeatureSchema.SIZE];
        calculator.compute(card, event, features);

        long previousExpiry = card.expiresAt;
        calculator.update(card, event);
        if (card.expiresAt != previousExpiry) {
            if (previousExpiry != Long.MIN_VALUE) {
                ctx.timerService().deleteEventTimeTimer(previousExpiry);
            }
            ctx.timerService().registerEventTimeTimer(card.expiresAt);
        }
        history.update(card);
        out.collect(new FeaturizedEvent(event.transactionId, event.entityKey, event.eventTime, event.ingestTime, features));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeaturizedEvent> out) throws Exception {
        CardHistory card = history.value();
        if (card != null && timestamp >= card.expiresAt) {
            history.clear();
        }
    }
}
