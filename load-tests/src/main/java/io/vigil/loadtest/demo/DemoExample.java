package io.vigil.loadtest.demo;

import io.vigil.features.spec.FeatureSpec;
import io.vigil.loadtest.generator.Traffic;
import io.vigil.loadtest.generator.TrafficEvent;
import io.vigil.modelops.registry.TrainedModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code ./vigil demo} runs: an example's spec, a model trained on its generated history, the
 * recent part of that history (replayed so entities have history) and its live traffic. The engine
 * sees only the spec, the model and the records.
 */
interface DemoExample {

    /** What the events are, for the console, e.g. {@code card transactions}. */
    String events();

    /** What a positive is called on the console, e.g. {@code fraud} or {@code clicks}. */
    String positives();

    /** The topic the events go to. */
    String eventsTopic();

    String modelName();

    /** Writes the spec (and the files beside it) into {@code dir}; returns its URI. */
    String writeSpec(Path dir) throws IOException;

    FeatureSpec spec();

    /** Trains the model on generated history, reporting on {@code out}. */
    TrainedModel train(PrintStream out) throws IOException;

    /** The recent history, replayed before live traffic; valid after {@link #train}. */
    List<TrafficEvent> recent();

    /** Live traffic, continuing the history. */
    Traffic traffic();
}
