package io.vigil.cli.tail;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.DeadLetter;
import io.vigil.schemas.Transaction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TailCommandTest {

    private static final String CARD = "4000123412349876";

    @Test
    void masksCardNumbersOfTransactions() {
        Transaction t =
                Transaction.newBuilder()
                        .setTransactionId("t1")
                        .setCardNumber(CARD)
                        .setAccountId("a")
                        .setMerchantId("m")
                        .setMerchantCategory("5411")
                        .setAmount(1)
                        .setCurrency("EUR")
                        .setCountry("NL")
                        .setChannel("ONLINE")
                        .setEventTime(Instant.EPOCH)
                        .build();

        String shown = TailCommand.masked(t);

        assertThat(shown)
                .doesNotContain(CARD)
                .contains("400012******9876")
                .contains("\"transactionId\":\"t1\"")
                .contains("\"eventTime\":\"1970-01-01T00:00:00Z\"");
    }

    @Test
    void withholdsTheOriginalBytesOfDeadLetters() {
        DeadLetter d =
                DeadLetter.newBuilder()
                        .setReasonCode("INVALID_AMOUNT")
                        .setReason("amount must be finite")
                        .setSourceTopic("transactions")
                        .setSourcePartition(1)
                        .setSourceOffset(7)
                        .setOriginalBytes(
                                ByteBuffer.wrap(("card " + CARD).getBytes(StandardCharsets.UTF_8)))
                        .setDeadLetteredAt(Instant.EPOCH)
                        .build();

        String shown = TailCommand.masked(d);

        assertThat(shown)
                .doesNotContain(CARD)
                .contains("<21 bytes withheld>")
                .contains("INVALID_AMOUNT");
    }
}
