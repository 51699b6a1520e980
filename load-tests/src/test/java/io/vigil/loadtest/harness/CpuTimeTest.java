package io.vigil.loadtest.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CpuTimeTest {

    @Test
    void costPerRecordIsTheCpuUsedInBetweenOverTheRecordsMoved() {
        CpuTime start = new CpuTime(Duration.ofSeconds(10), Duration.ofSeconds(4));
        CpuTime end = new CpuTime(Duration.ofSeconds(13), Duration.ofMillis(4_500));

        assertThat(end.microsPerRecord(start, 100_000)).containsExactly(30.0, 5.0);
        assertThat(end.microsPerRecord(start, 0))
                .as("no records: no cost to report")
                .containsOnly(Double.NaN);
    }
}
