package org.apache.flink.metrics.prometheus;

import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Flink's Prometheus reporter (same metric names, labels and text format) with its endpoint bound
 * to 127.0.0.1: Flink's own binds every interface, which a demo on a laptop must not. It lives in
 * Flink's package because the registry it serves is package-private there.
 */
public final class LoopbackPrometheusReporter extends AbstractPrometheusReporter {

    private final HTTPServer server;

    LoopbackPrometheusReporter(int port) {
        try {
            server =
                    new HTTPServer(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                            registry,
                            true);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve metrics on 127.0.0.1:" + port + " (is the port taken?)", e);
        }
        log.info("Prometheus metrics on http://127.0.0.1:{}/metrics", server.getPort());
    }

    @Override
    public void close() {
        server.stop();
        super.close();
    }
}
