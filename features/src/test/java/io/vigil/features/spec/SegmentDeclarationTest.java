package io.vigil.features.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.features.events.EntityKeyHasher;
import io.vigil.features.events.Event;
import io.vigil.features.events.EventFields;
import io.vigil.features.events.EventReader;
import io.vigil.features.testutils.PaymentEvents;
import io.vigil.schemas.codec.WireFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segments in a spec's events section: what is read, what is carried, what is refused. */
class SegmentDeclarationTest {

    private static final String HEAD =
            """
            events:
              schema: payment.avsc
              id: paymentId
              time: occurredAt
              segments:
            """;
    private static final String ENTITIES =
            """
            entities:
              - name: payer
                key: payer.iban
                features:
                  - {name: count_1h, aggregation: count, window: 1h}
            """;

    @TempDir Path dir;

    private FeatureSpec spec(String segments) throws Exception {
        PaymentEvents.writeSpec(dir);
        return FeatureSpecs.load(
                Files.writeString(dir.resolve("segments.yaml"), HEAD + segments + ENTITIES)
                        .toUri()
                        .toString());
    }

    @Test
    void segmentsAreReadAndTheirFieldsTravelWithEveryPrediction() throws Exception {
        FeatureSpec spec =
                spec(
                        """
                            - {name: country, field: payer.address.country}
                            - {name: method, field: method}
                            - {name: amount_band, field: amount, bands: [10, 100]}
                        """);

        assertThat(spec.events().segments())
                .containsExactly(
                        new SegmentDeclaration("country", "payer.address.country", List.of()),
                        new SegmentDeclaration("method", "method", List.of()),
                        new SegmentDeclaration("amount_band", "amount", List.of(10.0, 100.0)));
        assertThat(spec.events().carried())
                .containsExactly("payer.address.country", "method", "amount");
        Event event =
                new EventReader(
                                spec,
                                WireFormat.AVRO,
                                new EntityKeyHasher("segments-test-secret-bytes"),
                                Duration.ofDays(3650))
                        .read(
                                PaymentEvents.avro(
                                        PaymentEvents.payment(
                                                spec.layout().schema(),
                                                "p1",
                                                "NL91",
                                                "m1",
                                                "12.50")),
                                PaymentEvents.T0_MICROS / 1000);
        assertThat(EventFields.text(spec.layout(), "payer.address.country").apply(event))
                .isEqualTo("NL");
    }

    @Test
    void aSegmentOnAFieldTheEventsDoNotHaveIsRefusedNamingIt() {
        assertThatThrownBy(() -> spec("    - {name: region, field: payer.address.region}\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payer.address.region");
    }

    @Test
    void bandsOutOfOrderAndSegmentsDeclaredTwiceAreRefused() {
        assertThatThrownBy(
                        () ->
                                spec(
                                        """
                                            - {name: band, field: amount, bands: [100, 10]}
                                            - {name: method, field: method}
                                            - {name: method, field: method}
                                        """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bands' are edges in increasing order")
                .hasMessageContaining("segment 'method' is declared twice");
    }
}
