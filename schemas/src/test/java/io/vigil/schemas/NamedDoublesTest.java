package io.vigil.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

class NamedDoublesTest {

    private static final List<String> NAMES = List.of("count_1h", "amount", "speed_kmh");
    private static final double[] VALUES = {3, 12.5, Double.NaN};

    @Test
    void isTheMapOfItsNamesToItsValuesInOrder() {
        NamedDoubles named = new NamedDoubles(NAMES, VALUES);
        Map<String, Double> expected = new HashMap<>();
        for (int i = 0; i < NAMES.size(); i++) {
            expected.put(NAMES.get(i), VALUES[i]);
        }

        assertThat(named).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(expected).isEqualTo(named);
        assertThat(named.keySet()).containsExactly("count_1h", "amount", "speed_kmh");
        assertThat(named.get("amount")).isEqualTo(12.5);
        assertThat(named.get("colour")).isNull();
        assertThat(named.get(new Utf8("amount"))).isEqualTo(12.5);
        assertThat(named.get(3)).as("not a name").isNull();
        assertThat(named.containsKey("speed_kmh")).isTrue();
        assertThatThrownBy(() -> named.put("amount", 1.0))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesFewerValuesThanNames() {
        assertThatThrownBy(() -> new NamedDoubles(NAMES, new double[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 names but 2 values");
    }
}
