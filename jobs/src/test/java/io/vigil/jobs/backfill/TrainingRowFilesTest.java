package io.vigil.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A training row survives its line in the files, whatever its id and carried fields hold. */
class TrainingRowFilesTest {

    private static TrainingRow roundTrip(TrainingRow row) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TrainingRowFiles.RowEncoder().encode(row, out);
        String line = out.toString(StandardCharsets.UTF_8);
        assertThat(line).endsWith("\n").containsOnlyOnce("\n");
        return TrainingRowFiles.parse(line.substring(0, line.length() - 1));
    }

    @Test
    void idsAndCarriedFieldsWithSeparatorsNullsAndEmptiesComeBackAsTheyWere() throws Exception {
        TrainingRow row =
                new TrainingRow("id,with;commas\nand=~", 1234, new double[] {0.1, -2e300});
        row.label = 1;
        row.carried = new String[] {"ES", null, "", "a,b;c=~ d\n%"};

        TrainingRow read = roundTrip(row);

        assertThat(read.transactionId).isEqualTo(row.transactionId);
        assertThat(read.eventTime).isEqualTo(1234);
        assertThat(read.label).isEqualTo(1);
        assertThat(read.features).containsExactly(0.1, -2e300);
        assertThat(read.carried).containsExactly("ES", null, "", "a,b;c=~ d\n%");
    }

    @Test
    void aRowWithoutCarriedFieldsOrWithOneEmptyOneIsTold() throws Exception {
        TrainingRow none = new TrainingRow("t", 1, new double[] {1});
        TrainingRow empty = new TrainingRow("t", 1, new double[] {1});
        empty.carried = new String[] {""};

        assertThat(roundTrip(none).carried).isEmpty();
        assertThat(roundTrip(empty).carried).containsExactly("");
    }

    @Test
    void whatThePredictionSaidComesBackWithUnknownNumbersAndAbsentShadowsKept() throws Exception {
        TrainingRow row = new TrainingRow("t", 1, new double[] {1});
        row.carried = new String[] {"ES"};
        row.served = new ServedScores();
        row.served.modelVersion = "v;1,=";
        row.served.servedBy = "champion";
        row.served.score = 0.123456789012345;
        row.served.threshold = 0.5;
        row.served.shadowScore = Double.NaN;

        TrainingRow read = roundTrip(row);

        assertThat(read.carried).containsExactly("ES");
        assertThat(read.features).containsExactly(1.0);
        assertThat(read.served.modelVersion).isEqualTo("v;1,=");
        assertThat(read.served.servedBy).isEqualTo("champion");
        assertThat(read.served.score).isEqualTo(0.123456789012345);
        assertThat(read.served.threshold).isEqualTo(0.5);
        assertThat(read.served.shadowVersion).isNull();
        assertThat(read.served.shadowScore).isNaN();
        assertThat(read.served.amount).isNaN();
        assertThat(roundTrip(new TrainingRow("t", 1, new double[] {1})).served).isNull();
    }
}
