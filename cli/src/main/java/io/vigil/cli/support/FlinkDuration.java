package io.vigil.cli.support;

import java.time.Duration;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as Flink's own options take them ({@code 500ms}, {@code 60s}, {@code 5min}, {@code 1h},
 * {@code 7d}, {@code 14 d}); registered for every {@link Duration} option.
 */
public final class FlinkDuration implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /**
     * @throws TypeConversionException with an example of what is accepted
     */
    public static Duration parse(String value) {
        if (value.strip().chars().allMatch(Character::isDigit)) {
            // Flink reads a bare number as milliseconds; on a command line that surprises: ask for
            // a unit.
            throw new TypeConversionException(
                    "'"
                            + value
                            + "' needs a unit: "
                            + value.strip()
                            + "s, "
                            + value.strip()
                            + "ms, ...");
        }
        try {
            Duration duration = TimeUtils.parseDuration(value);
            if (duration.isNegative()) {
                throw new IllegalArgumentException("negative");
            }
            return duration;
        } catch (RuntimeException e) {
            throw new TypeConversionException(
                    "'" + value + "' is not a duration (write it like 500ms, 60s, 5min, 1h or 7d)");
        }
    }
}
