package io.vigil.loadtest.demo;

import io.vigil.cli.support.SpecFiles;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.loadtest.generator.CardTraffic;
import io.vigil.loadtest.generator.GeneratorSettings;
import io.vigil.loadtest.generator.LabelDelays;
import io.vigil.loadtest.generator.Traffic;
import io.vigil.loadtest.generator.TrafficEvent;
import io.vigil.loadtest.generator.TransactionGenerator;
import io.vigil.modelops.registry.TrainedModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The bundled card-fraud example: {@code cards} cardholders paying about once a day, a fraud model
 * trained on 20 days of history once the spec's windows are mature (after its longest window of
 * warm-up history), labels arriving days later.
 */
final class CardFraudDemo implements DemoExample {

    private static final int HISTORY_DAYS = 20;

    private final SpecFiles spec;
    private final int cards;
    private final long seed;
    private final int replayDays;
    private final TransactionGenerator generator;
    private final CardTraffic traffic;
    private final List<TrafficEvent> recent = new ArrayList<>();

    CardFraudDemo(SpecFiles spec, int cards, long seed, int replayDays) {
        this.spec = spec;
        this.cards = cards;
        this.seed = seed;
        this.replayDays = replayDays;
        this.generator =
                new TransactionGenerator(
                        new GeneratorSettings(
                                seed,
                                cards,
                                cards / (double) Duration.ofDays(1).toSeconds(),
                                0.02,
                                Instant.now()
                                        .minus(spec.spec().maturity())
                                        .minus(Duration.ofDays(HISTORY_DAYS))));
        this.traffic = new CardTraffic(generator, LabelDelays.realistic(seed));
    }

    TransactionGenerator generator() {
        return generator;
    }

    @Override
    public String events() {
        return "card transactions";
    }

    @Override
    public String positives() {
        return "fraud";
    }

    @Override
    public String eventsTopic() {
        return "transactions";
    }

    @Override
    public String modelName() {
        return "fraud-lr";
    }

    @Override
    public String writeSpec(Path dir) throws IOException {
        return spec.writeTo(dir.resolve("features.yaml"));
    }

    @Override
    public FeatureSpec spec() {
        return spec.spec();
    }

    @Override
    public TrainedModel train(PrintStream out) throws IOException {
        long replayFrom = Instant.now().minus(Duration.ofDays(replayDays)).toEpochMilli();
        out.printf(
                "  %d days of generated history of %,d cards after %d days that fill the features'"
                        + " windows, %d features%n",
                HISTORY_DAYS,
                cards,
                spec.spec().maturity().toDays(),
                spec.spec().featureNames().size());
        return FraudModelTraining.train(
                        generator,
                        cards * HISTORY_DAYS,
                        modelName(),
                        "1",
                        seed,
                        out,
                        g -> {
                            if (g.transaction().getEventTime().toEpochMilli() >= replayFrom) {
                                recent.add(traffic.event(g));
                            }
                        },
                        spec.spec())
                .model();
    }

    @Override
    public List<TrafficEvent> recent() {
        return recent;
    }

    @Override
    public Traffic traffic() {
        return traffic;
    }
}
