package io.vigil.jobs.config;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * Reads {@code --key value} and {@code --key=value} program arguments into a Flink configuration.
 */
public final class JobArguments {

    private JobArguments() {}

    /**
     * @throws IllegalArgumentException for an argument that is not an option or lacks its value
     */
    public static Configuration toConfiguration(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException(
                        "unexpected argument '"
                                + arg
                                + "': options look like --vigil.model.path file:///m.onnx");
            }
            String option = arg.substring(2);
            int equals = option.indexOf('=');
            if (equals > 0) {
                values.put(option.substring(0, equals), option.substring(equals + 1));
            } else if (i + 1 < args.length) {
                values.put(option, args[++i]);
            } else {
                throw new IllegalArgumentException("option --" + option + " has no value");
            }
        }
        return Configuration.fromMap(values);
    }
}
