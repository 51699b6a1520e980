package io.vigil.loadtest.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No false alarms on traffic that does not change: {@code ./vigil demo --scenario drift} with the
 * shift after the run's end, over more than 60 days of event time (50 s of 750 cards paying about
 * daily at 1,000 transactions/s: event time runs 115,200 times faster than the clock), with
 * MonitoringJob's default drift thresholds. The model is trained and profiled on mature rows and
 * the job's windows are as full as the training rows' once the replayed history has passed, so no
 * window may pass a threshold and no retrain request be raised. Detection of a shift is {@link
 * DriftLoopITCase}'s.
 */
class StationaryTrafficITCase {

    private static final Pattern WINDOW =
            Pattern.compile("drift  \\d\\d-\\d\\d \\d\\d:\\d\\d fraud-lr:1 ");

    @Test
    void stationaryTrafficRaisesNoDriftAndNoRetrainRequestOverSixtyDays() {
        DemoTranscript demo =
                DemoTranscript.run(
                        "demo",
                        "--scenario",
                        "drift",
                        "--duration",
                        "50s",
                        "--shift-after",
                        "1h",
                        "--rate",
                        "1000",
                        "--cards",
                        "750");

        assertThat(demo.status()).isZero();
        assertThat(demo.output())
                .contains(
                        "loop: 0 window(s) past the thresholds before the shift; drift not"
                                + " detected after the shift; 0 retrain request(s); nothing"
                                + " promoted")
                .doesNotContain("<< DRIFT")
                .doesNotContain("RETRAIN REQUEST");
        assertThat(WINDOW.matcher(demo.output()).results().count())
                .as("12-hour windows judged: at least 60 days of event time")
                .isGreaterThanOrEqualTo(120);
    }
}
