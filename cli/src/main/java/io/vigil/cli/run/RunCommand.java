package io.vigil.cli.run;

import io.vigil.cli.support.CommandFailure;
import io.vigil.cli.support.StopOnCtrlC;
import io.vigil.jobs.config.MonitoringJobConfig;
import io.vigil.jobs.config.ScoringJobConfig;
import io.vigil.jobs.local.LocalFlink;
import io.vigil.jobs.monitoring.MonitoringJob;
import io.vigil.jobs.scoring.ScoringJob;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./vigil run}: ScoringJob (and MonitoringJob) on a local Flink MiniCluster against the
 * user's Kafka, configured with the jobs' own options, until Ctrl-C or {@code --duration}.
 */
@Command(
        name = "run",
        description = {
            "Run ScoringJob (and with --monitoring MonitoringJob) on this machine, against your"
                    + " Kafka.",
            "Takes the jobs' own options (docs/configuration.md): from --config FILE (key: value"
                + " lines) and -D key=value, which wins. Runs on a local Flink MiniCluster until"
                + " Ctrl-C or --duration; on a cluster, submit the job jar with the same options."
        })
public final class RunCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "The jobs' options, one 'key: value' (or key=value) per line.")
    Path config;

    @Option(
            names = "-D",
            paramLabel = "KEY=VALUE",
            description = "One option, e.g. -D vigil.features.spec=payments.yaml.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--monitoring", description = "Also run MonitoringJob (drift, labels).")
    boolean monitoring;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "Flink parallelism (default: 2).")
    int parallelism = 2;

    @Option(
            names = "--duration",
            paramLabel = "D",
            description = "Stop after this long, e.g. 10min (default: until Ctrl-C).")
    Duration duration;

    @Override
    public Integer call() throws Exception {
        Configuration conf = Configuration.fromMap(options());
        ScoringJobConfig scoring;
        MonitoringJobConfig monitor;
        try {
            scoring = ScoringJobConfig.fromConfiguration(conf);
            monitor = monitoring ? MonitoringJobConfig.fromConfiguration(conf) : null;
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        }
        JobClient job =
                LocalFlink.start(
                        scoring.flinkConfiguration(LocalFlink.configuration(new Configuration())),
                        parallelism,
                        monitoring ? "vigil-scoring-and-monitoring" : ScoringJob.NAME,
                        env -> {
                            new ScoringJob(scoring).addTo(env);
                            if (monitor != null) {
                                new MonitoringJob(monitor).addTo(env);
                            }
                        });
        step(
                "running ScoringJob"
                        + (monitoring ? " and MonitoringJob" : "")
                        + " on a local Flink MiniCluster (parallelism "
                        + parallelism
                        + "); Ctrl-C stops");
        try {
            return StopOnCtrlC.run(() -> watch(job));
        } finally {
            step("stopping");
            job.cancel();
        }
    }

    /** Waits for the duration, Ctrl-C or the job's failure; returns the exit status. */
    private int watch(JobClient job) throws Exception {
        long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return 0;
            }
            JobStatus status = job.getJobStatus().get();
            if (status.isGloballyTerminalState()) {
                step("the job is " + status + ": see the log above");
                return status == JobStatus.FINISHED ? 0 : 1;
            }
        }
        return 0;
    }

    /** The options of --config, then of -D. */
    private Map<String, String> options() throws IOException {
        Map<String, String> options = new HashMap<>();
        if (config != null) {
            Properties file = new Properties();
            try (Reader in = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                file.load(in);
            }
            file.stringPropertyNames().forEach(k -> options.put(k, file.getProperty(k).trim()));
        }
        options.putAll(settings);
        return options;
    }

    private static void step(String message) {
        System.out.println(LocalTime.now().format(TIME) + "  " + message);
    }
}
