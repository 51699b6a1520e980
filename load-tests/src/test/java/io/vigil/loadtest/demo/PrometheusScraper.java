package io.vigil.loadtest.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads a Prometheus endpoint on 127.0.0.1 once a second while a run lasts (metrics come and go
 * with the jobs' operators) and keeps, per metric name, the sample lines of the latest scrape that
 * held it.
 */
final class PrometheusScraper implements AutoCloseable {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI endpoint;
    private final Map<String, List<String>> latest = new ConcurrentHashMap<>();
    private final Set<String> kept;
    private final List<String> everyKeptSample = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService poller =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread thread = new Thread(r, "prometheus-scraper");
                        thread.setDaemon(true);
                        return thread;
                    });

    /**
     * @param kept metrics whose every sample, from every scrape, is kept (gauges that change while
     *     the run lasts)
     */
    PrometheusScraper(int port, Set<String> kept) {
        this.kept = Set.copyOf(kept);
        endpoint = URI.create("http://127.0.0.1:" + port + "/metrics");
        poller.scheduleWithFixedDelay(this::scrape, 0, 1, TimeUnit.SECONDS);
    }

    /** A port free on 127.0.0.1 now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Every metric name seen so far. */
    Set<String> names() {
        return Set.copyOf(latest.keySet());
    }

    /** The sample lines of {@code name} in the latest scrape that held it; empty if never seen. */
    List<String> samples(String name) {
        return latest.getOrDefault(name, List.of());
    }

    /** Every sample of the kept metrics seen in any scrape. */
    List<String> everyKeptSample() {
        return List.copyOf(everyKeptSample);
    }

    private void scrape() {
        try {
            HttpResponse<String> response =
                    http.send(
                            HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                remember(response.body());
            }
        } catch (IOException e) {
            // Not serving yet, or already stopped: the next round tries again.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void remember(String exposition) {
        Map<String, List<String>> scrape = new ConcurrentHashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = line.indexOf('{');
            String name = line.substring(0, end < 0 ? line.indexOf(' ') : end);
            scrape.computeIfAbsent(name, n -> new ArrayList<>()).add(line);
            if (kept.contains(name)) {
                everyKeptSample.add(line);
            }
        }
        latest.putAll(scrape);
    }

    @Override
    public void close() throws InterruptedException {
        poller.shutdownNow();
        poller.awaitTermination(10, TimeUnit.SECONDS);
    }
}
