package io.vigil.loadtest.demo.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's server: the page and the state over HTTP on 127.0.0.1 only, read-only, with the
 * records' fields as analysts see them and hostile text kept as text.
 */
class DashboardServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesThePageAndTheStateOnLoopbackAndNothingElse() throws Exception {
        try (DashboardServer server = DashboardServer.start(DashboardFixture.state(), 0)) {
            assertThat(server.url()).startsWith("http://127.0.0.1:");

            HttpResponse<String> page = get(server.url());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type"))
                    .contains("text/html; charset=utf-8");
            assertThat(page.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));
            assertThat(page.body())
                    .contains(
                            "id=\"tile-rate\"",
                            "id=\"drift\"",
                            "id=\"segments\"",
                            "id=\"registry\"")
                    .as("self-contained, and nothing set as markup")
                    .doesNotContain("innerHTML", "<script src", "<link", "src=\"http", "url(");

            HttpResponse<String> state = get(server.url() + "state.json");
            JsonNode json = new ObjectMapper().readTree(state.body());
            assertThat(json.get("title").asText()).isEqualTo("fraud-lr, drift scenario");
            assertThat(json.get("ticks")).hasSize(5);
            assertThat(json.get("ticks").get(4).get("scored").asLong()).isEqualTo(4950);
            assertThat(json.at("/drift/0/features/amount_zscore_30d/psi").asDouble())
                    .isEqualTo(0.558);
            assertThat(json.at("/performance/0/auc").asDouble()).isEqualTo(0.6432);
            assertThat(json.at("/registry/0/reason").asText()).contains("wins on 1,204 live");
            assertThat(json.at("/segments/0/segments"))
                    .anySatisfy(
                            r ->
                                    assertThat(r.get("value").asText())
                                            .isEqualTo(DashboardFixture.HOSTILE));

            assertThat(get(server.url() + "etc/passwd").statusCode()).isEqualTo(404);
            HttpResponse<String> post =
                    http.send(
                            HttpRequest.newBuilder(URI.create(server.url() + "state.json"))
                                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void keepsOnlyTheLatestTicksAndRecords() {
        DashboardState state = new DashboardState("t");
        for (int i = 0; i < DashboardState.TICKS + 30; i++) {
            state.tick(new DashboardState.Tick(i, i, i, i, 1, 2, 0, 0, 0, 0, "m:1", "RUNNING"));
        }

        String json = new String(state.toJson());

        assertThat(json).doesNotContain("\"at\":29,").contains("\"at\":30,");
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
