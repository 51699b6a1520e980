package io.vigil.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code ./vigil --version}: Vigil's version and the versions it was built against. */
public final class VersionInfo implements IVersionProvider {

    @Override
    public String[] getVersion() {
        Properties versions = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                versions.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new String[] {
            "Vigil " + versions.getProperty("vigil", "(unknown version)"),
            "  Apache Flink "
                    + versions.getProperty("flink", "?")
                    + ", Kafka clients "
                    + versions.getProperty("kafka", "?")
                    + ", ONNX Runtime "
                    + versions.getProperty("onnxruntime", "?")
                    + ", Avro "
                    + versions.getProperty("avro", "?"),
            "  Java "
                    + System.getProperty("java.version")
                    + " ("
                    + System.getProperty("java.vm.name")
                    + ")"
        };
    }
}
