package io.vigil.loadtest.demo.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live dashboard as a person sees it: the page rendered by headless Chromium (Debian's {@code
 * chromium}, driven by {@code chromium-driver}) from the real server, in real time; what it shows
 * is the state's, it refreshes every second, and text an attacker put in a segment value stays
 * text. Prints the refresh delay the page measured and leaves a screenshot in {@code target/}.
 */
class DashboardBrowserITCase {

    @TempDir Path profile;

    @Test
    void headlessChromiumRendersTheStateAndRefreshesIt() throws Exception {
        assumeTrue(
                HeadlessChromium.installed(),
                "Debian's chromium and chromium-driver are not installed here");
        try (DashboardServer server = DashboardServer.start(DashboardFixture.state(), 0);
                HeadlessChromium browser = new HeadlessChromium(profile)) {
            browser.open(server.url());
            JsonNode refreshes =
                    browser.await(
                            "return Number(document.getElementById('refresh-delay')"
                                    + ".dataset.refreshes || 0);",
                            n -> n.asInt() >= 5,
                            Duration.ofSeconds(20));
            assertThat(refreshes.asInt()).as("refreshes, one a second").isGreaterThanOrEqualTo(5);
            String dom = browser.dom();

            assertThat(text(dom, "title")).isEqualTo("fraud-lr, drift scenario");
            assertThat(text(dom, "tile-rate")).isEqualTo("250");
            assertThat(text(dom, "tile-latency")).isEqualTo("850 / 1,320 ms");
            assertThat(text(dom, "tile-decisions")).isEqualTo("41 / 7 / 12");
            assertThat(text(dom, "tile-model")).isEqualTo("fraud-lr:1");
            assertThat(dom)
                    .as("drift per feature, the worst first and marked")
                    .contains(
                            "<tr class=\"alarm\"><td>amount_zscore_30d</td><td"
                                    + " class=\"num\">0.558</td>");
            assertThat(dom)
                    .as("performance per window")
                    .contains("<td>2026-12-05 12:00</td><td>fraud-lr:1</td>")
                    .contains("<td class=\"num\">0.643</td>");
            assertThat(dom)
                    .as("the registry's promotion and why")
                    .contains("promoted fraud-lr:2 to champion: wins on 1,204 live transactions");
            assertThat(dom)
                    .as("a hostile segment value shown as text, never as markup")
                    .contains("&lt;img src=x onerror=\"document.title='owned'\"&gt;")
                    .doesNotContain("<img");
            assertThat(browser.run("return document.title;").asText()).isEqualTo("Vigil demo");

            long maxDelay =
                    browser.run(
                                    "return Number(document.getElementById('refresh-delay')"
                                            + ".dataset.maxDelayMs);")
                            .asLong();
            assertThat(maxDelay).as("ms from the server's state to the page").isBetween(0L, 1000L);
            System.out.println(
                    "dashboard refresh: every 1 s; state rendered at most "
                            + maxDelay
                            + " ms after the server took it, over "
                            + refreshes.asInt()
                            + " refreshes");
            Path screenshot = Path.of("target", "dashboard.png");
            browser.screenshot(screenshot);
            assertThat(Files.size(screenshot)).isGreaterThan(10_000);
        }
    }

    /** The text of the element with {@code id} (no nested elements). */
    private static String text(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<").matcher(dom);
        assertThat(m.find()).as("element #" + id).isTrue();
        return m.group(1).replace("&amp;", "&");
    }
}
