package io.vigil.loadtest.demo;

import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.loadtest.examples.ClickThroughExample;
import io.vigil.loadtest.examples.ClickTraffic;
import io.vigil.loadtest.examples.GeneratedImpression;
import io.vigil.loadtest.examples.ImpressionGenerator;
import io.vigil.loadtest.examples.SpecTraining;
import io.vigil.loadtest.generator.Traffic;
import io.vigil.loadtest.generator.TrafficEvent;
import io.vigil.modelops.registry.TrainedModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The click-through example ({@code examples/click-through}): {@code users} users seeing about a
 * dozen recommendations a day, three days of history, a click model on the example spec's features,
 * clicks known within the 30-minute attribution window.
 */
final class ClickThroughDemo implements DemoExample {

    private static final int HISTORY_DAYS = 3;
    private static final int IMPRESSIONS_PER_USER_DAY = 12;
    private static final Duration REPLAY = Duration.ofHours(24);

    private final int users;
    private final long seed;
    private final ImpressionGenerator generator;
    private final List<TrafficEvent> recent = new ArrayList<>();
    private FeatureSpec spec;

    ClickThroughDemo(int users, long seed) {
        this.users = users;
        this.seed = seed;
        this.generator =
                new ImpressionGenerator(
                        seed,
                        users,
                        Math.max(8, users / 5),
                        users * IMPRESSIONS_PER_USER_DAY / (double) Duration.ofDays(1).toSeconds(),
                        Instant.now().minus(Duration.ofDays(HISTORY_DAYS)).toEpochMilli());
    }

    @Override
    public String events() {
        return "recommendation impressions";
    }

    @Override
    public String positives() {
        return "clicks";
    }

    @Override
    public String eventsTopic() {
        return "impressions";
    }

    @Override
    public String modelName() {
        return "ctr-lr";
    }

    @Override
    public String writeSpec(Path dir) throws IOException {
        Path file = ClickThroughExample.copyTo(dir.resolve(ClickThroughExample.NAME));
        spec = FeatureSpecs.load(file.toUri().toString());
        return file.toUri().toString();
    }

    @Override
    public FeatureSpec spec() {
        if (spec == null) {
            throw new IllegalStateException("write the spec first");
        }
        return spec;
    }

    @Override
    public TrainedModel train(PrintStream out) throws IOException {
        int history = users * IMPRESSIONS_PER_USER_DAY * HISTORY_DAYS;
        long replayFrom = Instant.now().minus(REPLAY).toEpochMilli();
        List<SpecTraining.LabelledRecord> records = new ArrayList<>(history);
        long clicks = 0;
        for (int i = 0; i < history; i++) {
            GeneratedImpression g = generator.next();
            records.add(new SpecTraining.LabelledRecord(g.impression(), g.clicked()));
            clicks += g.clicked() ? 1 : 0;
            if (g.shownAt() >= replayFrom) {
                recent.add(ClickTraffic.event(g));
            }
        }
        out.printf(
                "  %,d generated impressions of %,d users over %d days (%,d clicked), %d"
                        + " features%n",
                history, users, HISTORY_DAYS, clicks, spec().featureNames().size());
        TrainedModel model = SpecTraining.train(spec(), records, modelName(), "1", seed);
        var metrics = model.manifest().metrics();
        out.printf(
                "  logistic regression %s:1: holdout AUC %.3f, precision %.2f, recall %.2f at"
                        + " threshold %.3f%n",
                modelName(),
                model.holdoutAuc(),
                metrics.get("holdoutPrecision"),
                metrics.get("holdoutRecall"),
                model.manifest().threshold());
        return model;
    }

    @Override
    public List<TrafficEvent> recent() {
        return recent;
    }

    @Override
    public Traffic traffic() {
        return new ClickTraffic(generator);
    }
}
