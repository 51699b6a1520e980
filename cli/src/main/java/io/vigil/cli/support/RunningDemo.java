package io.vigil.cli.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The demo running on this machine, if any: it records its broker's address, so commands in another
 * terminal reach it without {@code --bootstrap}.
 */
public final class RunningDemo {

    private static final Path BOOTSTRAP_FILE = Path.of(".vigil", "demo", "bootstrap");

    private RunningDemo() {}

    /** The bootstrap servers of a demo running on this machine, if any. */
    public static Optional<String> bootstrap() {
        try {
            return Files.exists(BOOTSTRAP_FILE)
                    ? Optional.of(Files.readString(BOOTSTRAP_FILE).trim())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Called by the demo once its broker is up. */
    public static void started(String bootstrapServers) throws IOException {
        Files.createDirectories(BOOTSTRAP_FILE.getParent());
        Files.writeString(BOOTSTRAP_FILE, bootstrapServers);
    }

    /** Called by the demo when it stops. */
    public static void stopped() throws IOException {
        Files.deleteIfExists(BOOTSTRAP_FILE);
    }
}
