package io.vigil.features.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.features.testutils.PaymentEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FeatureSpecParserTest {

    @Test
    void readsTheExampleCardFraudSpec() throws Exception {
        String yaml =
                Files.readString(Path.of("src", "main", "resources", "specs", "card-fraud.yaml"));

        FeatureSpec spec = FeatureSpecParser.parse(yaml, "card-fraud.yaml");

        assertThat(spec.entities())
                .extracting(EntitySpec::name)
                .containsExactly("card", "merchant", "device");
        EntitySpec card = spec.entities().get(0);
        assertThat(card.keys()).containsExactly("cardNumber");
        assertThat(spec.layout().slot("cardNumber").sensitive())
                .as("card numbers are hashed")
                .isTrue();
        assertThat(spec.layout().slot("merchantId").sensitive()).isFalse();
        assertThat(spec.events().idField()).isEqualTo("transactionId");
        FeatureDefinition online =
                card.features().stream()
                        .filter(f -> f.name().equals("online_count_1h"))
                        .findFirst()
                        .orElseThrow();
        assertThat(online.aggregation()).isEqualTo(Aggregation.COUNT);
        assertThat(online.window()).isEqualTo(Duration.ofHours(1));
        assertThat(online.filter())
                .isEqualTo(new EventFilter("channel", java.util.Set.of("ONLINE")));
        assertThat(spec.featureNames())
                .startsWith("amount", "card_not_present", "risky_merchant_category", "count_1h")
                .endsWith("device_distinct_cards_24h")
                .hasSize(18);
    }

    @Test
    void aSpecIsMatureAfterItsLongestWindowOfHistory() {
        assertThat(FeatureSpecs.bundled().maturity())
                .as("new_merchant_90d is the bundled spec's longest window")
                .isEqualTo(Duration.ofDays(90));
    }

    @Test
    void reportsEveryMistakeWithLineAndFeature() {
        String yaml =
                """
                entities:
                  - name: card
                    key: cardNumber
                    hashed: false
                    features:
                      - {name: a, aggregation: count, window: 90x}
                      - {name: b, aggregation: sum, window: 1h}
                      - {name: c, aggregation: mean, field: merchantId, window: 1h}
                      - {name: a, aggregation: count, window: 1h}
                      - {name: d, aggregation: median, field: amount, window: 1h}
                      - {name: e, aggregation: time_since_previous, window: 1h}
                      - {name: f, aggregation: max, field: amount, windw: 1h}
                      - {name: g, aggregation: count, window: 120d}
                      - {name: h, aggregation: one_hot, field: channel}
                      - {name: i, aggregation: current, field: amount, vocabulary: [a]}
                      - {name: j, aggregation: value, field: channel, filter: {field: channel, equals: ONLINE}}
                      - {name: k, aggregation: one_hot, field: channel, vocabulary: [ONLINE, ONLINE]}
                      - {name: 1-hour count, aggregation: count, window: 1h}
                """;

        assertThatThrownBy(() -> FeatureSpecParser.parse(yaml, "spec.yaml"))
                .isInstanceOf(FeatureSpecException.class)
                .satisfies(
                        e ->
                                assertThat(((FeatureSpecException) e).problems())
                                        .containsExactly(
                                                "spec.yaml:4: entity 'card': its key is a"
                                                        + " sensitive field, which never reaches"
                                                        + " state in clear: remove 'hashed: false'",
                                                "spec.yaml:6: feature 'a' of entity 'card': window"
                                                    + " '90x' is not a duration like 30s, 5m, 1h or"
                                                    + " 30d",
                                                "spec.yaml:7: feature 'b' of entity 'card': sum"
                                                        + " needs a field, e.g. field: amount",
                                                "spec.yaml:8: feature 'c' of entity 'card'"
                                                        + " (mean): 'merchantId' is string, not a"
                                                        + " number",
                                                "spec.yaml:9: feature 'a' of entity 'card': the"
                                                        + " name is used twice (feature names are"
                                                        + " unique across the spec)",
                                                "spec.yaml:10: feature 'd' of entity 'card':"
                                                        + " unknown aggregation 'median'; one of"
                                                        + " [count, sum, mean, min, max, stddev,"
                                                        + " zscore, ratio_to_mean, distinct_count,"
                                                        + " first_seen, time_since_previous,"
                                                        + " geo_velocity, current, matches,"
                                                        + " frequency, value, one_hot]",
                                                "spec.yaml:11: feature 'e' of entity 'card':"
                                                        + " time_since_previous takes no window",
                                                "spec.yaml:12: entity 'card' feature: unknown key"
                                                        + " 'windw'; did you mean 'window'?",
                                                "spec.yaml:12: feature 'f' of entity 'card': max"
                                                        + " needs a window, e.g. window: 24h",
                                                "spec.yaml:13: feature 'g' of entity 'card': window"
                                                        + " 120d is outside 1s..90d",
                                                "spec.yaml:14: feature 'h' of entity 'card':"
                                                        + " one_hot needs a vocabulary, e.g."
                                                        + " vocabulary: [ONLINE, POS, ATM]",
                                                "spec.yaml:15: feature 'i' of entity 'card':"
                                                        + " 'vocabulary' belongs to one_hot"
                                                        + " features only",
                                                "spec.yaml:16: feature 'j' of entity 'card': value"
                                                        + " takes no filter: it is the current"
                                                        + " event's value",
                                                "spec.yaml:17: feature 'k' of entity 'card': the"
                                                        + " vocabulary lists distinct values, e.g."
                                                        + " [ONLINE, POS]",
                                                "spec.yaml:18: feature '1-hour count' of entity"
                                                        + " 'card': a feature name is letters,"
                                                        + " digits and underscores, not starting"
                                                        + " with a digit (it becomes a column in"
                                                        + " training sets and SQL)"));
    }

    @Test
    void categoricalFeaturesExpandOrTravelBesideTheVector() throws Exception {
        String yaml =
                """
                entities:
                  - name: card
                    key: cardNumber
                    features:
                      - {name: channel, aggregation: one_hot, field: channel, vocabulary: [ONLINE, CARD-PRESENT]}
                      - {name: merchant_share_7d, aggregation: frequency, field: merchantId, window: 7d}
                      - {name: channel_text, aggregation: value, field: channel}
                """;

        FeatureSpec spec = FeatureSpecParser.parse(yaml, "s.yaml");

        assertThat(spec.featureNames())
                .containsExactly("channel_ONLINE", "channel_CARD_PRESENT", "merchant_share_7d");
        assertThat(spec.entities().get(0).features().get(1).filter())
                .as("the value as written, the name made a column name")
                .isEqualTo(new EventFilter("channel", java.util.Set.of("CARD-PRESENT")));
        assertThat(spec.textFeatureNames()).containsExactly("channel_text");
        assertThatThrownBy(
                        () ->
                                FeatureSpecParser.parse(
                                        yaml.replace("merchant_share_7d", "channel_CARD_PRESENT"),
                                        "s.yaml"))
                .hasMessageContaining(
                        "s.yaml:6: feature 'channel_CARD_PRESENT' of entity 'card': the name is"
                                + " used twice");
    }

    @Test
    void rejectsUnknownKeyFieldsAndBrokenYaml() {
        assertThatThrownBy(
                        () ->
                                FeatureSpecParser.parse(
                                        "entities:\n"
                                                + "  - {name: x, key: iban, features: [{name: n,"
                                                + " aggregation: count, window: 1h}]}\n",
                                        "s.yaml"))
                .hasMessageContaining(
                        "s.yaml:2: entity 'x' key: 'iban' is not a field of Transaction; fields"
                                + " there: [transactionId, cardNumber");
        assertThatThrownBy(() -> FeatureSpecParser.parse("entities: [\n  {name: x\n", "s.yaml"))
                .hasMessageContaining("s.yaml:")
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> FeatureSpecParser.parse("- just a list\n", "s.yaml"))
                .hasMessageContaining(
                        "s.yaml:1: a feature spec is a mapping with an 'entities' list");
    }

    @Test
    void filtersTakeEqualsOrIn() throws Exception {
        String yaml =
                """
                entities:
                  - name: account
                    key: accountId
                    features:
                      - name: present_count_24h
                        aggregation: count
                        window: 24h
                        filter: {field: channel, in: [CARD_PRESENT, CONTACTLESS]}
                """;

        FeatureDefinition f =
                FeatureSpecParser.parse(yaml, "s.yaml").entities().get(0).features().get(0);

        assertThat(((EventFilter) f.filter()).values())
                .containsExactly("CARD_PRESENT", "CONTACTLESS");
        assertThat(f.line()).isEqualTo(5);
    }

    @Test
    void readsAUserSchemaWithNestedFieldsCompositeKeysAndALocationPair() {
        FeatureSpec spec = PaymentEvents.spec();

        assertThat(spec.events().idField()).isEqualTo("paymentId");
        assertThat(spec.entities().get(0).latitude()).isEqualTo("payer.address.lat");
        assertThat(spec.entities().get(1).keys()).containsExactly("payer.iban", "merchant");
        assertThat(spec.layout().slot("payer.iban").sensitive()).isTrue();
        assertThat(spec.layout().slot("payer.iban").number()).isFalse();
        assertThat(spec.layout().slot("amount").type()).isEqualTo(FieldType.DECIMAL_BYTES);
        assertThat(spec.layout().slot("occurredAt").type()).isEqualTo(FieldType.TIMESTAMP_MICROS);
    }

    @Test
    void refusesASpecThatDoesNotFitItsSchemaListingEveryMistakeWithItsLine() {
        String yaml =
                """
                events:
                  schema: payment.avsc
                  id: paymentId
                  time: method
                  sensitive: [payer.ibn]
                  rules:
                    - {field: merchant, min: 3}
                entities:
                  - name: payer
                    key: tags
                    features:
                      - {name: s, aggregation: sum, field: merchant, window: 1h}
                      - {name: c, aggregation: distinct_count, field: payer, window: 1h}
                      - {name: d, aggregation: count, window: 1h, filter: {field: attributes, equals: x}}
                """;

        assertThatThrownBy(
                        () -> FeatureSpecParser.parse(yaml, "src/test/resources/payments/bad.yaml"))
                .isInstanceOfSatisfying(
                        FeatureSpecException.class,
                        e ->
                                assertThat(e.problems())
                                        .containsExactly(
                                                "src/test/resources/payments/bad.yaml:4: events"
                                                    + " time: 'method' is enum; an event time is a"
                                                    + " timestamp (long), epoch milliseconds or"
                                                    + " ISO-8601 text",
                                                "src/test/resources/payments/bad.yaml:5: events"
                                                        + " sensitive: 'payer.ibn' is not a field"
                                                        + " of Payer; fields there: [iban, email,"
                                                        + " address]",
                                                "src/test/resources/payments/bad.yaml:7: events"
                                                    + " rule on 'merchant': 'merchant' is string,"
                                                    + " not a number",
                                                "src/test/resources/payments/bad.yaml:10: entity"
                                                        + " 'payer' key: 'tags' is an array:"
                                                        + " filters read it ({field: tags, equals:"
                                                        + " X} passes when any item is X) and carry"
                                                        + " copies it, but keys, aggregations and"
                                                        + " rules read single values",
                                                "src/test/resources/payments/bad.yaml:12: feature"
                                                        + " 's' of entity 'payer' (sum): 'merchant'"
                                                        + " is string, not a number",
                                                "src/test/resources/payments/bad.yaml:13: feature"
                                                        + " 'c' of entity 'payer': 'payer' is a"
                                                        + " record; name one of its fields, e.g."
                                                        + " 'payer.iban'",
                                                "src/test/resources/payments/bad.yaml:14: feature"
                                                        + " 'd' of entity 'payer' filter:"
                                                        + " 'attributes' is a map; features, keys"
                                                        + " and rules read single values"));
    }

    @Test
    void aSchemaThatCannotBeReadIsOneProblem() {
        String yaml =
                """
                events: {schema: missing.avsc, id: id, time: t}
                entities:
                  - {name: x, key: k, features: [{name: n, aggregation: count, window: 1h}]}
                """;

        assertThatThrownBy(() -> FeatureSpecParser.parse(yaml, "/tmp/nowhere/spec.yaml"))
                .hasMessageContaining(
                        "/tmp/nowhere/spec.yaml:1: events: cannot read the event schema"
                                + " /tmp/nowhere/missing.avsc");
    }
}
