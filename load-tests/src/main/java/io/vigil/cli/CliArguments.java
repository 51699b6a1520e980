package io.vigil.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line arguments: positional words and {@code --name value} / {@code --name=value} options.
 * Every option read is remembered, so options nobody asked for are reported as mistakes.
 */
final class CliArguments {

    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();
    private final Set<String> read = new HashSet<>();

    CliArguments(String[] args, Set<String> flags) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            int equals = name.indexOf('=');
            if (equals > 0) {
                options.put(name.substring(0, equals), name.substring(equals + 1));
            } else if (flags.contains(name)) {
                options.put(name, "true");
            } else if (i + 1 < args.length) {
                options.put(name, args[++i]);
            } else {
                throw new UsageException("option --" + name + " needs a value");
            }
        }
    }

    List<String> positional() {
        return positional;
    }

    String string(String name, String fallback) {
        read.add(name);
        return options.getOrDefault(name, fallback);
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(string(name, "false"));
    }

    int integer(String name, int fallback) {
        String value = string(name, null);
        try {
            return value == null ? fallback : Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number (was '" + value + "')");
        }
    }

    double decimal(String name, double fallback) {
        String value = string(name, null);
        try {
            return value == null ? fallback : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number (was '" + value + "')");
        }
    }

    /** Durations like {@code 500ms}, {@code 60s}, {@code 5m}, {@code 1h}; a bare number is seconds. */
    Duration duration(String name, Duration fallback) {
        String value = string(name, null);
        return value == null ? fallback : parseDuration(name, value);
    }

    static Duration parseDuration(String name, String value) {
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            char unit = value.charAt(value.length() - 1);
            String number = Character.isDigit(unit) ? value : value.substring(0, value.length() - 1);
            long amount = Long.parseLong(number);
            return switch (Character.isDigit(unit) ? 's' : unit) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new UsageException("--" + name + " must be a duration like 500ms, 60s, 5m or 1h (was '" + value + "')");
        }
    }

    /** Fails if an option was given that the command never read (a typo, usually). */
    void rejectUnknown() {
        Set<String> unknown = new HashSet<>(options.keySet());
        unknown.removeAll(read);
        if (!unknown.isEmpty()) {
            throw new UsageException("unknown option(s): --" + String.join(", --", unknown));
        }
    }
}
