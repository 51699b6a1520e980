package io.vigil.jobs.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How a job reaches Kafka: the bootstrap servers and any client settings (security protocol, SASL
 * credentials, TLS stores) from {@link ScoringOptions#KAFKA_PROPERTIES_FILE}, applied to every
 * Kafka client the job creates.
 */
public record KafkaAccess(String bootstrapServers, Map<String, String> clientProperties)
        implements Serializable {

    public KafkaAccess {
        clientProperties = Map.copyOf(clientProperties);
    }

    /** Plain access: bootstrap servers, no other settings. */
    public static KafkaAccess of(String bootstrapServers) {
        return new KafkaAccess(bootstrapServers, Map.of());
    }

    /**
     * Reads the client settings of {@code propertiesFile} (null for none); a file that cannot be
     * read is added to {@code problems}.
     */
    static KafkaAccess read(String bootstrapServers, String propertiesFile, List<String> problems) {
        try {
            return load(bootstrapServers, propertiesFile);
        } catch (IllegalArgumentException e) {
            problems.add(ScoringOptions.KAFKA_PROPERTIES_FILE.key() + ": " + e.getMessage());
            return of(bootstrapServers);
        }
    }

    /**
     * For command lines and tools: the settings of {@code propertiesFile} (null for none).
     *
     * @throws IllegalArgumentException naming the file and why it cannot be read
     */
    public static KafkaAccess load(String bootstrapServers, String propertiesFile) {
        if (propertiesFile == null) {
            return of(bootstrapServers);
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(propertiesFile))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + propertiesFile + " (" + e + ")", e);
        }
        Map<String, String> settings = new TreeMap<>();
        properties
                .stringPropertyNames()
                .forEach(name -> settings.put(name, properties.getProperty(name)));
        return new KafkaAccess(bootstrapServers, settings);
    }

    /** The client settings as {@link Properties}, with the bootstrap servers. */
    public Properties properties() {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.setProperty("bootstrap.servers", bootstrapServers);
        return properties;
    }

    @Override
    public String toString() {
        // Client settings hold credentials: never print their values.
        return "KafkaAccess{" + bootstrapServers + ", settings " + clientProperties.keySet() + "}";
    }
}
