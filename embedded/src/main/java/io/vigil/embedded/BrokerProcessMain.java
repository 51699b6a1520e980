package io.vigil.embedded;

import java.io.IOException;
import java.io.InputStream;

/**
 * Entry point of the broker child process: formats the storage directory (KRaft) if needed, then
 * runs the Kafka server. The process ends, with Kafka's clean shutdown, as soon as its standard
 * input closes, so a broker never outlives the process that started it, even after a kill -9.
 *
 * <p>Arguments: {@code <server.properties> <cluster id>}.
 */
public final class BrokerProcessMain {

    private BrokerProcessMain() {}

    public static void main(String[] args) {
        String properties = args[0];
        String clusterId = args[1];
        int formatted =
                kafka.tools.StorageTool.execute(
                        new String[] {
                            "format",
                            "-t",
                            clusterId,
                            "-c",
                            properties,
                            "--ignore-formatted",
                            // Transaction version 2 makes every exactly-once restore log a false
                            // "producer fenced ... data loss" error in Flink's committer
                            // (FLINK-40689).
                            "--feature",
                            "transaction.version=1"
                        },
                        System.out);
        if (formatted != 0) {
            System.err.println("formatting " + properties + " failed with status " + formatted);
            System.exit(formatted);
        }
        Thread watchdog = new Thread(BrokerProcessMain::exitWhenParentGoes, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        kafka.Kafka.main(new String[] {properties});
    }

    private static void exitWhenParentGoes() {
        try (InputStream in = System.in) {
            while (in.read() >= 0) {
                // The parent never writes; EOF means it closed the pipe or died.
            }
        } catch (IOException e) {
            // Same as EOF: the parent is gone.
        }
        System.exit(0);
    }
}
