package io.vigil.loadtest.sizing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.features.spec.EntitySpec;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sizing guide's spec variants ({@code load-tests/sizing/}) load as the bench loads them, have
 * the entities and feature counts their names and the guide's table say, and are cut from the
 * bundled spec: each of their features is one of its, so their costs compare with its.
 */
class SizingSpecsTest {

    @ParameterizedTest
    @CsvSource({"card-4, card, 4", "card-15, card, 15", "card-merchant-17, card merchant, 17"})
    void aSizingVariantIsTheBundledSpecCutDown(String file, String entities, int features) {
        FeatureSpec variant =
                FeatureSpecs.load(
                        Path.of("sizing", file + ".yaml").toAbsolutePath().toUri().toString());
        FeatureSpec bundled = FeatureSpecs.bundled();

        assertThat(variant.entities().stream().map(EntitySpec::name))
                .containsExactlyElementsOf(List.of(entities.split(" ")));
        assertThat(variant.featureNames()).hasSize(features).isSubsetOf(bundled.featureNames());
        assertThat(variant.events())
                .as("the bundled spec's events, validation rules included")
                .usingRecursiveComparison()
                .ignoringFieldsMatchingRegexes(".*\\.line")
                .isEqualTo(bundled.events());
    }
}
