package io.vigil.loadtest.baseline;

import io.vigil.jobs.config.Delivery;
import io.vigil.jobs.config.ScoringJobConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;

/**
 * The job a team would write instead of Vigil for the bundled card spec: its features in Flink SQL
 * (OVER windows, one per window and key), from the transactions topic to a features topic, with the
 * same delivery guarantee. The statements are in {@value #STATEMENTS}, with what they cannot
 * express as Vigil does. Flink SQL's {@code avro} format reads bare Avro datums: its input carries
 * the same transactions as the other jobs' without the single-object header. Its output is keyed by
 * transaction id.
 */
public final class SqlPeerJob {

    /** The SQL, a classpath resource. */
    public static final String STATEMENTS = "/baselines/card-features.sql";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");

    private SqlPeerJob() {}

    /**
     * Submits the job to a new local MiniCluster configured by {@code flink}; cancelling it shuts
     * the cluster down.
     */
    public static JobClient start(ScoringJobConfig config, Configuration flink, int parallelism) {
        Configuration conf = new Configuration(flink);
        conf.setString("parallelism.default", String.valueOf(parallelism));
        TableEnvironment sql =
                TableEnvironment.create(
                        EnvironmentSettings.newInstance()
                                .inStreamingMode()
                                .withConfiguration(conf)
                                .build());
        TableResult insert = null;
        for (String statement : statements(values(config, "unbounded"))) {
            insert = sql.executeSql(statement);
        }
        return insert.getJobClient().orElseThrow();
    }

    /**
     * What fills the statements' placeholders for {@code config}; {@code bounded} is the source's
     * {@code scan.bounded.mode} ({@code unbounded}, or {@code latest-offset} to read what the topic
     * holds and stop).
     */
    static Map<String, String> values(ScoringJobConfig config, String bounded) {
        return Map.of(
                "bounded", bounded,
                "input", config.transactionsTopic(),
                "output", config.predictionsTopic(),
                "bootstrap", config.kafka().bootstrapServers(),
                "group", config.groupId(),
                "transactionTimeoutMs", String.valueOf(config.transactionTimeout().toMillis()),
                "lingerMs", config.delivery() == Delivery.EXACTLY_ONCE ? "20" : "0",
                "delivery",
                        config.delivery() == Delivery.EXACTLY_ONCE
                                ? "exactly-once"
                                : "at-least-once");
    }

    /** The statements of {@value #STATEMENTS} with {@code values} filled in, comments dropped. */
    static List<String> statements(Map<String, String> values) {
        String text;
        try (InputStream in = SqlPeerJob.class.getResourceAsStream(STATEMENTS)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder filled = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(text.replaceAll("(?m)^--.*$", ""));
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for ${" + m.group(1) + "}");
            }
            m.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        m.appendTail(filled);
        List<String> statements = new ArrayList<>();
        for (String statement : filled.toString().split(";\\s*\\n")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        return statements;
    }
}
