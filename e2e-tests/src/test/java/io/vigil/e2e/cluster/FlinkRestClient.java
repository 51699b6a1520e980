package io.vigil.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;

/**
 * Flink's REST API as a platform engineer uses it: upload the job jar, run an entry class with
 * arguments (optionally from a savepoint), watch the job, stop it with a savepoint.
 */
public final class FlinkRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    FlinkRestClient(String base) {
        this.base = base;
    }

    /** Uploads {@code jar} ({@code POST /jars/upload}); returns its id on the cluster. */
    public String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "vigil-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(
                ("--"
                                + boundary
                                + "\r\n"
                                + "Content-Disposition: form-data; name=\"jarfile\"; filename=\""
                                + jar.getFileName()
                                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode reply =
                send(
                        HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        String file = reply.path("filename").asText();
        return Path.of(file).getFileName().toString();
    }

    /**
     * Runs {@code entryClass} of an uploaded jar ({@code POST /jars/:id/run}); returns the job id.
     *
     * @param savepoint savepoint to start from, or null
     */
    public String run(
            String jarId, String entryClass, List<String> args, int parallelism, String savepoint)
            throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode();
        request.put("entryClass", entryClass);
        request.set("programArgsList", JSON.valueToTree(args));
        request.put("parallelism", parallelism);
        if (savepoint != null) {
            request.put("savepointPath", savepoint);
        }
        return send(post("/jars/" + jarId + "/run", request)).path("jobid").asText();
    }

    /** The job's status ({@code RUNNING}, {@code RESTARTING}, ...). */
    public String jobState(String jobId) throws IOException, InterruptedException {
        return job(jobId).path("state").asText();
    }

    /** Whether the job is RUNNING with every task of every vertex running (not only scheduled). */
    public boolean fullyRunning(String jobId) throws IOException, InterruptedException {
        JsonNode job = job(jobId);
        if (!"RUNNING".equals(job.path("state").asText())) {
            return false;
        }
        for (JsonNode vertex : job.path("vertices")) {
            if (!"RUNNING".equals(vertex.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    /** The highest parallelism among the job's vertices (as the scheduler runs them now). */
    public int parallelism(String jobId) throws IOException, InterruptedException {
        int highest = 0;
        for (JsonNode vertex : job(jobId).path("vertices")) {
            highest = Math.max(highest, vertex.path("parallelism").asInt());
        }
        return highest;
    }

    /** Waits until {@link #fullyRunning}; returns how long that took. */
    public Duration awaitFullyRunning(String jobId, Duration timeout) {
        long start = System.nanoTime();
        awaitTrue(
                "job " + jobId + " running with all its tasks", timeout, () -> fullyRunning(jobId));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Stops the job with a savepoint in {@code directory} ({@code POST /jobs/:id/stop}); returns
     * the savepoint's path.
     */
    public String stopWithSavepoint(String jobId, String directory, Duration timeout)
            throws Exception {
        ObjectNode request = JSON.createObjectNode();
        request.put("targetDirectory", directory);
        request.put("drain", false);
        String trigger =
                send(post("/jobs/" + jobId + "/stop", request)).path("request-id").asText();
        JsonNode[] done = new JsonNode[1];
        awaitTrue(
                "savepoint of job " + jobId,
                timeout,
                () -> {
                    JsonNode status =
                            send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            base
                                                                    + "/jobs/"
                                                                    + jobId
                                                                    + "/savepoints/"
                                                                    + trigger))
                                            .GET());
                    done[0] = status;
                    return "COMPLETED".equals(status.path("status").path("id").asText());
                });
        JsonNode operation = done[0].path("operation");
        if (operation.has("failure-cause")) {
            throw new IllegalStateException("savepoint failed: " + operation.path("failure-cause"));
        }
        return operation.path("location").asText();
    }

    public void cancel(String jobId) throws IOException, InterruptedException {
        send(
                HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody()));
    }

    void awaitUp(Duration timeout) {
        awaitTrue(
                "the JobManager's REST API",
                timeout,
                () -> send(get("/overview")).has("taskmanagers"));
    }

    void awaitTaskManagers(int count, Duration timeout) {
        awaitTrue(
                count + " registered TaskManagers",
                timeout,
                () -> send(get("/overview")).path("taskmanagers").asInt() >= count);
    }

    private JsonNode job(String jobId) throws IOException, InterruptedException {
        return send(get("/jobs/" + jobId));
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).GET();
    }

    private HttpRequest.Builder post(String path, JsonNode body) throws IOException {
        return HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        request.timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException(
                    response.request().method()
                            + " "
                            + response.request().uri()
                            + " answered "
                            + response.statusCode()
                            + ": "
                            + response.body());
        }
        return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    /**
     * Polls {@code condition} (exceptions count as false) until it holds or {@code timeout} passes.
     */
    private static void awaitTrue(String what, Duration timeout, Callable<Boolean> condition) {
        Awaitility.await(what)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(condition);
    }
}
