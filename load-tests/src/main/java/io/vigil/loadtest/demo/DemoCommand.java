package io.vigil.loadtest.demo;

import io.vigil.cli.ContributedCommand;
import io.vigil.cli.support.SpecFiles;
import io.vigil.cli.support.StopOnCtrlC;
import io.vigil.jobs.config.Delivery;
import io.vigil.jobs.config.StateBackend;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./vigil demo}: the whole slice on this machine. Starts a Kafka broker and a Flink
 * MiniCluster, trains the model on generated history, registers it as champion, replays the last
 * two days of it so cards have history, then scores live generated traffic and prints progress
 * until the duration ends or Ctrl-C; then stops everything it started. Live traffic keeps the
 * history's pace per card (about one payment a day), so event time runs much faster than the wall
 * clock.
 */
@Command(
        name = "demo",
        description = {
            "Run the whole pipeline on this machine and show its progress.",
            "Starts a Kafka broker and a Flink MiniCluster, trains a model on generated history and"
                + " registers it as champion, then scores live generated traffic until the duration"
                + " ends or Ctrl-C, with progress. While it runs, `./vigil tail predictions` in"
                + " another terminal prints the predictions."
        })
public final class DemoCommand implements ContributedCommand {

    @Spec CommandSpec spec;

    @Option(
            names = "--duration",
            paramLabel = "D",
            description =
                    "How long to score live traffic, e.g. 60s or 5min (default: 60s; Ctrl-C stops"
                            + " earlier).")
    Duration duration = Duration.ofSeconds(60);

    @Option(
            names = "--rate",
            paramLabel = "N",
            description = "Live transactions per second (default: 1000).")
    int rate = 1000;

    @Option(
            names = "--broken-every",
            paramLabel = "N",
            description =
                    "One broken record after every N events (default: 1000; 100 for a hostile soak"
                            + " at 1%; 0 for none).")
    int brokenEvery = 1000;

    @Option(
            names = "--delivery",
            paramLabel = "D",
            description = "${COMPLETION-CANDIDATES} (default: EXACTLY_ONCE).")
    Delivery delivery = Delivery.EXACTLY_ONCE;

    @Option(
            names = "--state",
            paramLabel = "S",
            description = "${COMPLETION-CANDIDATES} (default: ROCKSDB).")
    StateBackend state = StateBackend.ROCKSDB;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "Flink parallelism (default: 2).")
    int parallelism = 2;

    @Option(
            names = "--example",
            paramLabel = "NAME",
            converter = ExampleName.class,
            completionCandidates = ExampleName.class,
            description =
                    "card-fraud (default) or click-through: recommendation impressions of"
                            + " examples/click-through, built from configuration only.")
    Example example = Example.CARD_FRAUD;

    @Option(
            names = "--cards",
            paramLabel = "N",
            description = "Cardholders of the card-fraud example (default: 3000).")
    int cards = 3000;

    @Option(
            names = "--users",
            paramLabel = "N",
            description = "Users of the click-through example (default: 1000).")
    int users = 1000;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description = "Traffic and training seed (default: 1).")
    long seed = 1;

    @Option(
            names = "--spec",
            paramLabel = "FILE",
            description =
                    "Feature spec to compute (default: the card-fraud example in"
                            + " features/src/main/resources/specs).")
    String specFile;

    @Option(
            names = "--scenario",
            paramLabel = "S",
            description =
                    "${COMPLETION-CANDIDATES} (default: STEADY). DRIFT: MonitoringJob and the"
                            + " retrainer run too, and after --shift-after the traffic shifts (more"
                            + " spending, device-ring fraud); the console shows drift rising, the"
                            + " retrain request, training, promotion and recovery.")
    Scenario scenario = Scenario.STEADY;

    @Option(
            names = "--shift-after",
            paramLabel = "D",
            description = "When the drift scenario shifts the traffic (default: 25s).")
    Duration shiftAfter = Duration.ofSeconds(25);

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            description =
                    "Serve the jobs' metrics in Prometheus format on http://127.0.0.1:PORT/metrics"
                            + " (Flink's Prometheus reporter: the names k8s/base's dashboard and"
                            + " alert rules query). Default: not served.")
    Integer metricsPort;

    @Option(
            names = "--dashboard-port",
            paramLabel = "PORT",
            description =
                    "Serve the live dashboard on http://127.0.0.1:PORT/ (default: any free port;"
                            + " the address is printed at start).")
    int dashboardPort;

    /** What the live traffic does. */
    enum Scenario {
        STEADY,
        DRIFT
    }

    /** Which example runs. */
    enum Example {
        CARD_FRAUD,
        CLICK_THROUGH
    }

    /** Example names as written on the command line: {@code card-fraud}, {@code click-through}. */
    static final class ExampleName implements ITypeConverter<Example>, Iterable<String> {
        @Override
        public Example convert(String value) {
            return Example.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Example.values())
                    .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        boolean drift = scenario == Scenario.DRIFT;
        if (example == Example.CLICK_THROUGH && (drift || specFile != null)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--scenario drift and --spec belong to the card-fraud example; the"
                            + " click-through example runs its own spec, steadily");
        }
        if (metricsPort != null) {
            requireFreeLoopbackPort("--metrics-port", metricsPort);
        }
        if (dashboardPort != 0) {
            requireFreeLoopbackPort("--dashboard-port", dashboardPort);
        }
        SpecFiles cardSpec = example == Example.CLICK_THROUGH ? null : SpecFiles.load(specFile);
        DemoExample chosen =
                example == Example.CLICK_THROUGH
                        ? new ClickThroughDemo(users, seed)
                        : new CardFraudDemo(
                                cardSpec,
                                cards,
                                seed,
                                drift
                                        ? DriftScenario.replayDays(cardSpec.spec())
                                        : DemoRun.REPLAY_DAYS);
        DemoRun run =
                new DemoRun(
                        duration,
                        rate,
                        delivery,
                        state,
                        parallelism,
                        chosen,
                        drift ? shiftAfter : null,
                        brokenEvery,
                        metricsPort,
                        dashboardPort);
        return StopOnCtrlC.run(() -> run.call(new DemoConsole(chosen.positives())));
    }

    /** Fails before anything starts if a port cannot be served (Flink would only log). */
    private void requireFreeLoopbackPort(String option, int port) {
        if (port < 1 || port > 65_535) {
            throw new ParameterException(
                    spec.commandLine(), option + " must be from 1 to 65535 (was " + port + ")");
        }
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
        } catch (IOException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    option + " " + port + ": 127.0.0.1:" + port + " is in use; choose another");
        }
    }
}
