package io.vigil.loadtest.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads the demo's live dashboard state ({@code /state.json}) every second while the demo runs, as
 * the page does, and keeps the latest answer: what the dashboard showed last.
 */
final class DashboardPoller implements AutoCloseable {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicReference<JsonNode> latest = new AtomicReference<>();
    private final AtomicInteger answers = new AtomicInteger();
    private final URI uri;

    DashboardPoller(int port) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/state.json");
        scheduler.scheduleWithFixedDelay(this::poll, 1, 1, TimeUnit.SECONDS);
    }

    private void poll() {
        try {
            HttpResponse<String> response =
                    http.send(
                            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                latest.set(new ObjectMapper().readTree(response.body()));
                answers.incrementAndGet();
            }
        } catch (Exception e) {
            // Not serving yet, or already stopped: the next poll tries again.
        }
    }

    /** The last state the dashboard served, or null if it never answered. */
    JsonNode latest() {
        return latest.get();
    }

    /** How many times it answered. */
    int answers() {
        return answers.get();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
