package io.vigil.loadtest.demo.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the live dashboard on 127.0.0.1: the page at {@code /} (one self-contained HTML file, no
 * network needed beyond this server) and the {@link DashboardState} at {@code /state.json}, which
 * the page polls every second. Read-only: any other path or method is refused.
 */
public final class DashboardServer implements AutoCloseable {

    private static final String PAGE = "dashboard.html";

    private final HttpServer server;
    private final ExecutorService executor;

    private DashboardServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving {@code state} on 127.0.0.1:{@code port} (0: any free port).
     *
     * @throws IOException when the port cannot be bound
     */
    public static DashboardServer start(DashboardState state, int port) throws IOException {
        byte[] page = page();
        HttpServer server =
                HttpServer.create(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext(
                "/",
                exchange -> {
                    try (exchange) {
                        if (!"GET".equals(exchange.getRequestMethod())) {
                            respond(exchange, 405, "text/plain", "GET only\n".getBytes());
                        } else if (exchange.getRequestURI().getPath().equals("/")) {
                            respond(exchange, 200, "text/html; charset=utf-8", page);
                        } else if (exchange.getRequestURI().getPath().equals("/state.json")) {
                            respond(exchange, 200, "application/json", state.toJson());
                        } else {
                            respond(exchange, 404, "text/plain", "not found\n".getBytes());
                        }
                    }
                });
        ExecutorService executor =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = new Thread(r, "vigil-dashboard");
                            t.setDaemon(true);
                            return t;
                        });
        server.setExecutor(executor);
        server.start();
        return new DashboardServer(server, executor);
    }

    /** The page's address. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        // The page loads nothing from elsewhere, and what it shows is never run as markup.
        exchange.getResponseHeaders()
                .set(
                        "Content-Security-Policy",
                        "default-src 'self'; script-src 'unsafe-inline'; style-src"
                                + " 'unsafe-inline'");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] page() throws IOException {
        try (InputStream in = DashboardServer.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IOException("the dashboard page " + PAGE + " is missing from the jar");
            }
            return in.readAllBytes();
        }
    }
}
