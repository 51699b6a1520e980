package io.vigil.e2e.cluster;

import io.vigil.embedded.LoopbackPorts;
import java.nio.file.Path;
import java.util.Map;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/**
 * A real ZooKeeper server (curator-test's in-process {@link TestingServer}) listening on 127.0.0.1
 * only, for Flink's ZooKeeper high availability. Its admin HTTP server is off.
 */
final class LoopbackZooKeeper implements AutoCloseable {

    /** ZooKeeper's default tick; sessions may be as short as two ticks. */
    private static final int TICK_MILLIS = 2_000;

    private final TestingServer server;

    private LoopbackZooKeeper(TestingServer server) {
        this.server = server;
    }

    /** Starts a server whose data lives in {@code dir}. */
    static LoopbackZooKeeper start(Path dir) throws Exception {
        // Read when the server starts; otherwise ZooKeeper opens an HTTP port on all interfaces.
        System.setProperty("zookeeper.admin.enableServer", "false");
        int port = LoopbackPorts.free();
        InstanceSpec spec =
                new InstanceSpec(
                        dir.toFile(),
                        port,
                        -1,
                        -1,
                        true,
                        1,
                        TICK_MILLIS,
                        -1,
                        Map.of("clientPortAddress", "127.0.0.1"),
                        "127.0.0.1");
        return new LoopbackZooKeeper(new TestingServer(spec, true));
    }

    /** The quorum address for {@code high-availability.zookeeper.quorum}. */
    String connectString() {
        return "127.0.0.1:" + server.getPort();
    }

    /**
     * The cluster settings for ZooKeeper high availability with this server, job graphs and
     * checkpoint metadata stored under {@code storage}. Sessions expire within seconds, so a new
     * JobManager takes over soon after the old one dies.
     */
    Map<String, String> highAvailability(Path storage) {
        return Map.of(
                "high-availability.type",
                "zookeeper",
                "high-availability.zookeeper.quorum",
                connectString(),
                "high-availability.storageDir",
                storage.toUri().toString(),
                "high-availability.cluster-id",
                "/vigil-test",
                "high-availability.zookeeper.client.session-timeout",
                String.valueOf(3 * TICK_MILLIS),
                "high-availability.zookeeper.client.connection-timeout",
                "5000");
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
