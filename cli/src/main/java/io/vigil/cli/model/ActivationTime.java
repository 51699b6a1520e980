package io.vigil.cli.model;

import io.vigil.cli.support.FlinkDuration;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * When a registry change applies, in event time: {@code now}, {@code now+30s}, or an ISO instant
 * such as {@code 2026-12-01T09:00:00Z}.
 */
final class ActivationTime implements ITypeConverter<Instant> {

    /** The default: time for every scoring subtask to receive the change before it applies. */
    static final String DEFAULT = "now+10s";

    @Override
    public Instant convert(String text) {
        if (text.equals("now")) {
            return Instant.now();
        }
        if (text.startsWith("now+")) {
            Duration delay = FlinkDuration.parse(text.substring(4));
            return Instant.now().plus(delay);
        }
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            throw new TypeConversionException(
                    "'"
                            + text
                            + "' is not now, now+DURATION or an ISO instant like"
                            + " 2026-12-01T09:00:00Z");
        }
    }
}
