package io.vigil.loadtest.demo.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * Debian's Chromium, headless and in real time, driven through Debian's ChromeDriver over the W3C
 * WebDriver protocol (plain HTTP on 127.0.0.1): open a page, run a script in it, read its DOM, take
 * a screenshot. A test double of nothing: the real browser.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final Process driver;
    private final String base;
    private final String session;

    /** Whether both are installed here. */
    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    HeadlessChromium(Path profile) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        driver =
                new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        base = "http://127.0.0.1:" + port;
        awaitDriver();
        ObjectNode options = JSON.createObjectNode();
        options.put("binary", CHROMIUM.toString());
        options.set(
                "args",
                JSON.valueToTree(
                        List.of(
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-quic",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--window-size=1400,1500",
                                "--user-data-dir=" + profile)));
        ObjectNode capabilities = JSON.createObjectNode();
        capabilities
                .putObject("capabilities")
                .putObject("alwaysMatch")
                .put("browserName", "chrome")
                .set("goog:chromeOptions", options);
        session = call("POST", "/session", capabilities).get("sessionId").asText();
    }

    void open(String url) throws Exception {
        call("POST", "/session/" + session + "/url", JSON.createObjectNode().put("url", url));
    }

    /** The value {@code script} (a function body) returns in the page. */
    JsonNode run(String script) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("script", script);
        body.putArray("args");
        return call("POST", "/session/" + session + "/execute/sync", body);
    }

    /**
     * Runs {@code script} until {@code done} accepts its value, for at most {@code max}; returns
     * that value.
     *
     * @throws org.awaitility.core.ConditionTimeoutException when it never does
     */
    JsonNode await(String script, Predicate<JsonNode> done, Duration max) {
        return Awaitility.await()
                .atMost(max)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> run(script), done);
    }

    /** The page's DOM as rendered now. */
    String dom() throws Exception {
        return call("GET", "/session/" + session + "/source", null).asText();
    }

    void screenshot(Path png) throws Exception {
        String data = call("GET", "/session/" + session + "/screenshot", null).asText();
        Files.write(png, Base64.getDecoder().decode(data));
    }

    @Override
    public void close() {
        try {
            call("DELETE", "/session/" + session, null);
        } catch (Exception e) {
            // The driver's exit below ends the browser too.
        }
        driver.destroy();
    }

    private JsonNode call(String method, String path, JsonNode body) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        request.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        request.header("Content-Type", "application/json");
        HttpResponse<String> response =
                http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode value = JSON.readTree(response.body()).get("value");
        if (response.statusCode() != 200) {
            throw new IOException("WebDriver " + method + " " + path + ": " + value);
        }
        return value;
    }

    /** Until the driver answers (it starts in the background), at most 20 s. */
    private void awaitDriver() {
        HttpRequest status = HttpRequest.newBuilder(URI.create(base + "/status")).build();
        Awaitility.await("chromedriver answering")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .failFast("chromedriver exited", () -> !driver.isAlive())
                .until(
                        () ->
                                http.send(status, HttpResponse.BodyHandlers.ofString()).statusCode()
                                        == 200);
    }
}
