package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CliArgumentsTest {

    @Test
    void readsPositionalOptionsAndFlags() {
        CliArguments args = new CliArguments(new String[] {"predictions", "--max", "5", "--format=JSON", "--from-beginning"},
                Set.of("from-beginning"));

        assertThat(args.positional()).containsExactly("predictions");
        assertThat(args.integer("max", 1)).isEqualTo(5);
        assertThat(args.string("format", "AVRO")).isEqualTo("JSON");
        assertThat(args.flag("from-beginning")).isTrue();
        assertThat(args.duration("idle", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        args.rejectUnknown();
    }

    @Test
    void parsesDurationsInEveryUnit() {
        assertThat(CliArguments.parseDuration("d", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(CliArguments.parseDuration("d", "60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(CliArguments.parseDuration("d", "5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(CliArguments.parseDuration("d", "2h")).isEqualTo(Duration.ofHours(2));
        assertThat(CliArguments.parseDuration("d", "90")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> CliArguments.parseDuration("duration", "soon"))
                .hasMessageContaining("--duration must be a duration like");
    }

    @Test
    void reportsTyposAndBadNumbers() {
        CliArguments args = new CliArguments(new String[] {"--durration", "5s", "--rate", "fast"}, Set.of());

        assertThatThrownBy(() -> args.integer("rate", 1)).hasMessageContaining("--rate must be a whole number");
        assertThatThrownBy(args::rejectUnknown).hasMessageContaining("--durration");
    }

    @Test
    void unknownCommandAndBadUsageExitWithStatusTwo() {
        assertThat(Vigil.run(new String[] {"nonsense"})).isEqualTo(2);
        assertThat(Vigil.run(new String[] {"train", "--cards", "many"})).isEqualTo(2);
        assertThat(Vigil.run(new String[] {"tail"})).isEqualTo(2);
        assertThat(Vigil.run(new String[] {"demo", "--help"})).isZero();
    }
}
