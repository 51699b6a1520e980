package io.vigil.features.engine;

import static io.vigil.features.testutils.CardEvents.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.features.events.Event;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecParser;
import org.junit.jupiter.api.Test;

/** Numeric ranges and all/any/not combinations select exactly the events they describe. */
class FeatureFiltersTest {

    private static final String SPEC =
            """
            entities:
              - name: card
                key: cardNumber
                features:
                  - {name: big_1h, aggregation: count, window: 1h, filter: {field: amount, ">=": 100}}
                  - {name: mid_sum_1h, aggregation: sum, field: amount, window: 1h, filter: {field: amount, between: [10, 50]}}
                  - name: online_big_1h
                    aggregation: count
                    window: 1h
                    filter: {all: [{field: channel, equals: ONLINE}, {field: amount, ">": 100}]}
                  - name: small_or_atm_1h
                    aggregation: count
                    window: 1h
                    filter: {any: [{field: amount, "<": 5}, {field: channel, equals: ATM}]}
                  - {name: abroad, aggregation: matches, filter: {not: {field: country, in: [NL]}}}
                  - {name: online_1h, aggregation: count, window: 1h, filter: {field: channel, equals: ONLINE}}
            """;

    @Test
    void rangesAndCombinationsCountTheEventsTheyDescribe() throws Exception {
        FeatureSpec spec = FeatureSpecParser.parse(SPEC, "filters.yaml");
        EntityFeatureEngine engine = new EntityFeatureEngine(spec.entities().get(0), LAYOUT);
        EntityState state = engine.newState();
        Object[][] earlier = {
            {100.0, "ONLINE"},
            {150.0, "ONLINE"},
            {30.0, "CARD_PRESENT"},
            {10.0, "ATM"},
            {50.0, "ONLINE"},
            {2.0, "CARD_PRESENT"},
            {99.99, "ONLINE"}
        };
        for (int i = 0; i < earlier.length; i++) {
            Event e = event("t" + i, "card", T0 + i * MINUTE, (double) earlier[i][0], "m");
            set(e, "channel", (String) earlier[i][1]);
            engine.update(state, e);
        }
        Event now = event("now", "card", T0 + 10 * MINUTE, 20, "m");
        set(now, "country", "BE");
        double[] features = new double[engine.size()];

        engine.compute(state, now, features, 0);

        assertThat(features)
                .containsExactly(
                        2, // 100 and 150
                        30 + 10 + 50, // between 10 and 50, both ends included
                        1, // online and above 100: 150 only
                        2, // below 5 (2.0) or at an ATM (10.0)
                        1, // BE is not NL
                        4);
    }

    @Test
    void anEqualityFilterKeepsTheStateLayoutOfEveryEarlierVersion() throws Exception {
        FeatureSpec spec = FeatureSpecParser.parse(SPEC, "filters.yaml");
        EntityFeatureEngine engine = new EntityFeatureEngine(spec.entities().get(0), LAYOUT);

        assertThat(engine.groupKeys())
                .contains(
                        "3600000|EventFilter[field=channel, values=[ONLINE]]|null",
                        "3600000|NumericFilter[amount >= 100.0]|null",
                        "3600000|all(EventFilter[field=channel, values=[ONLINE]],"
                                + " NumericFilter[amount > 100.0])|null");
    }

    @Test
    void aFilterThatCannotWorkIsRefusedWithItsLine() {
        String yaml =
                """
                entities:
                  - name: card
                    key: cardNumber
                    features:
                      - {name: a, aggregation: count, window: 1h, filter: {field: channel, ">": 3}}
                      - {name: b, aggregation: count, window: 1h, filter: {field: amount, ">": 3, ">=": 4}}
                      - {name: c, aggregation: count, window: 1h, filter: {all: []}}
                      - {name: d, aggregation: count, window: 1h, filter: {field: amount, between: [9, 1]}}
                """;

        assertThatThrownBy(() -> FeatureSpecParser.parse(yaml, "f.yaml"))
                .hasMessageContaining(
                        "f.yaml:5: feature 'a' of entity 'card' filter: 'channel' is string, not"
                                + " a number")
                .hasMessageContaining(
                        "f.yaml:6: feature 'b' of entity 'card': the filter has two"
                                + " lower bounds")
                .hasMessageContaining("f.yaml:7: feature 'c' of entity 'card': 'all' lists filters")
                .hasMessageContaining(
                        "f.yaml:8: feature 'd' of entity 'card': the filter's lower bound is above"
                                + " its upper bound");
    }
}
