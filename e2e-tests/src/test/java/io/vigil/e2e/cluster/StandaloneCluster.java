package io.vigil.e2e.cluster;

import io.vigil.embedded.LoopbackPorts;
import io.vigil.schemas.codec.AvroLimits;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real standalone Flink session cluster, as separate JVM processes started from the Maven jars
 * (Flink's distribution is not on Maven Central): one JobManager and any number of TaskManagers,
 * listening on 127.0.0.1 only. The JVM flags and memory settings of each process are the ones
 * Flink's own start scripts would compute ({@code BashJavaUtils}). TaskManagers can be killed with
 * SIGKILL and new ones started, as a machine failure and its replacement would.
 *
 * <p>The classpath is what a Flink installation's {@code lib/} holds: the jobs module's {@code
 * provided} dependencies ({@code target/flink-provided.classpath}, ONNX Runtime included) plus
 * logging.
 */
public final class StandaloneCluster implements AutoCloseable {

    private static final String JOB_MANAGER =
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER =
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String BASH_JAVA_UTILS =
            "org.apache.flink.runtime.util.bash.BashJavaUtils";

    private final Path home;
    private final String classpath;
    private final int restPort;
    private final List<Process> jobManagers = new ArrayList<>();
    private final List<Process> taskManagers = new ArrayList<>();

    /** What {@code BashJavaUtils} computed, per command: JVM flags and dynamic options. */
    private final Map<String, List<String>> resourceParams = new HashMap<>();

    private final FlinkRestClient rest;

    private StandaloneCluster(Path home, String classpath, int restPort)
            throws IOException, InterruptedException {
        this.home = home;
        this.classpath = classpath;
        this.restPort = restPort;
        startJobManager();
        this.rest = new FlinkRestClient("http://127.0.0.1:" + restPort);
    }

    /**
     * Starts a JobManager and {@code taskManagers} TaskManagers of {@code slots} slots each, with
     * {@code settings} added to the cluster's configuration, and waits until they are registered.
     */
    public static StandaloneCluster start(
            Path home, int taskManagers, int slots, Map<String, String> settings) throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("log"));
        int restPort = LoopbackPorts.free();
        int rpcPort = LoopbackPorts.free(restPort);
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("jobmanager.rpc.address", "127.0.0.1");
        conf.put("jobmanager.rpc.port", String.valueOf(rpcPort));
        conf.put("jobmanager.bind-host", "127.0.0.1");
        conf.put("jobmanager.memory.process.size", "1024m");
        conf.put("rest.address", "127.0.0.1");
        conf.put("rest.bind-address", "127.0.0.1");
        conf.put("rest.port", String.valueOf(restPort));
        conf.put("taskmanager.bind-host", "127.0.0.1");
        conf.put("taskmanager.host", "127.0.0.1");
        conf.put("taskmanager.rpc.port", "0");
        conf.put("taskmanager.data.port", "0");
        conf.put("taskmanager.numberOfTaskSlots", String.valueOf(slots));
        conf.put("taskmanager.memory.process.size", "1280m");
        conf.put("blob.server.port", "0");
        conf.put("web.tmpdir", home.resolve("web").toString());
        conf.put("io.tmp.dirs", home.resolve("tmp").toString());
        conf.put("cluster.evenly-spread-out-slots", "true");
        // A killed TaskManager is noticed within seconds, not the default 50.
        conf.put("heartbeat.interval", "2000");
        conf.put("heartbeat.timeout", "8000");
        conf.put("restart-strategy.type", "fixed-delay");
        conf.put("restart-strategy.fixed-delay.attempts", "1000");
        conf.put("restart-strategy.fixed-delay.delay", "1 s");
        conf.putAll(settings);
        Files.writeString(
                home.resolve("conf/config.yaml"),
                conf.entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue())
                        .collect(Collectors.joining("\n", "", "\n")));
        Files.writeString(
                home.resolve("conf/log4j.properties"),
                """
                rootLogger.level = INFO
                rootLogger.appenderRef.file.ref = FileAppender
                appender.file.name = FileAppender
                appender.file.type = FILE
                appender.file.fileName = ${sys:log.file}
                appender.file.layout.type = PatternLayout
                appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n
                """);

        StandaloneCluster cluster = new StandaloneCluster(home, classpath(), restPort);
        try {
            cluster.rest.awaitUp(Duration.ofSeconds(60));
            for (int i = 0; i < taskManagers; i++) {
                cluster.startTaskManager();
            }
            cluster.rest.awaitTaskManagers(taskManagers, Duration.ofSeconds(60));
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw new IllegalStateException(
                    "the Flink cluster did not start; its logs:\n" + cluster.logs(), e);
        }
    }

    public FlinkRestClient rest() {
        return rest;
    }

    /** Waits until {@code count} TaskManagers are registered; fails with the cluster's logs. */
    public void awaitTaskManagers(int count, Duration timeout) throws IOException {
        try {
            rest.awaitTaskManagers(count, timeout);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(
                    count + " TaskManagers did not register; the cluster's logs:\n" + logs(), e);
        }
    }

    /** Starts one more TaskManager; returns its index. */
    public int startTaskManager() throws IOException, InterruptedException {
        return startTaskManager(List.of());
    }

    /**
     * Starts one more TaskManager that runs on CPU {@code cpu} only ({@code taskset}), as a machine
     * of one core would: on one host, TaskManagers pinned to different CPUs add capacity as new
     * machines do. Returns its index.
     */
    public int startTaskManagerOnCpu(int cpu) throws IOException, InterruptedException {
        return startTaskManager(List.of("taskset", "-c", String.valueOf(cpu)));
    }

    private int startTaskManager(List<String> prefix) throws IOException, InterruptedException {
        taskManagers.add(
                launch(
                        "taskmanager-" + taskManagers.size(),
                        prefix,
                        TASK_MANAGER,
                        "GET_TM_RESOURCE_PARAMS"));
        return taskManagers.size() - 1;
    }

    /** The running JobManager's process. */
    public ProcessHandle jobManagerProcess() {
        return jobManagers.get(jobManagers.size() - 1).toHandle();
    }

    /**
     * Kills the running JobManager with SIGKILL. Only a cluster started with high availability
     * settings recovers its jobs: start another with {@link #startJobManager}.
     */
    public void killJobManager() throws InterruptedException {
        Process process = jobManagers.get(jobManagers.size() - 1);
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * Starts a JobManager on the cluster's addresses (a replacement after {@link #killJobManager}).
     */
    public void startJobManager() throws IOException, InterruptedException {
        String name = jobManagers.isEmpty() ? "jobmanager" : "jobmanager-" + jobManagers.size();
        jobManagers.add(launch(name, List.of(), JOB_MANAGER, "GET_JM_RESOURCE_PARAMS"));
    }

    /**
     * Kills TaskManager {@code index} with SIGKILL (no shutdown hooks, no goodbye to the
     * JobManager).
     */
    public void killTaskManager(int index) throws InterruptedException {
        Process process = taskManagers.get(index);
        process.destroyForcibly();
        process.waitFor();
    }

    /** The CPU time the running TaskManager processes have used so far, together. */
    public Duration taskManagersCpu() {
        return taskManagers.stream()
                .filter(Process::isAlive)
                .map(
                        tm ->
                                tm.toHandle()
                                        .info()
                                        .totalCpuDuration()
                                        .orElseThrow(
                                                () ->
                                                        new IllegalStateException(
                                                                "this OS does not report a"
                                                                        + " process's CPU time")))
                .reduce(Duration.ZERO, Duration::plus);
    }

    /** The JobManager's and TaskManagers' logs, for a failed test's message. */
    public String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(home.resolve("log"))) {
            for (Path log : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
                all.append("==> ").append(log.getFileName()).append(" (last 40 lines)\n");
                lines.subList(Math.max(0, lines.size() - 40), lines.size())
                        .forEach(l -> all.append(l).append('\n'));
            }
        }
        return all.toString();
    }

    @Override
    public void close() {
        for (Process tm : taskManagers) {
            tm.destroyForcibly();
        }
        jobManagers.forEach(Process::destroy);
        try {
            for (Process tm : taskManagers) {
                tm.waitFor();
            }
            for (Process jm : jobManagers) {
                if (!jm.waitFor(20, TimeUnit.SECONDS)) {
                    jm.destroyForcibly().waitFor();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts {@code mainClass} with the JVM flags and dynamic options Flink's scripts would compute
     * for it, after {@code prefix} (a command that runs it, or none).
     */
    private Process launch(
            String name, List<String> prefix, String mainClass, String resourceCommand)
            throws IOException, InterruptedException {
        List<String> computed = bashJavaUtils(resourceCommand);
        List<String> command = new ArrayList<>(prefix);
        command.add(java());
        command.addAll(Arrays.asList(computed.get(0).trim().split("\\s+")));
        command.addAll(JAVA_17_OPTIONS);
        // As the Kubernetes manifests do: Avro's limits before any Avro class loads.
        command.addAll(Arrays.asList(AvroLimits.jvmOptions().split(" ")));
        command.add("-Dlog.file=" + home.resolve("log/" + name + ".log"));
        command.add("-Dlog4j.configurationFile=" + home.resolve("conf/log4j.properties").toUri());
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.add("--configDir");
        command.add(home.resolve("conf").toString());
        if (computed.size() > 1 && !computed.get(1).isBlank()) {
            command.addAll(Arrays.asList(computed.get(1).trim().split("\\s+")));
        }
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("log/" + name + ".out").toFile())
                .start();
    }

    /**
     * The lines {@code BashJavaUtils} marks as results: JVM flags, then (for TaskManagers) dynamic
     * options.
     */
    private List<String> bashJavaUtils(String command) throws IOException, InterruptedException {
        List<String> known = resourceParams.get(command);
        if (known != null) { // the configuration does not change: a replacement starts sooner
            return known;
        }
        Process process =
                new ProcessBuilder(
                                java(),
                                "-cp",
                                classpath,
                                BASH_JAVA_UTILS,
                                command,
                                "--configDir",
                                home.resolve("conf").toString())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(process.getInputStream().readAllBytes());
        int exit = process.waitFor();
        List<String> results =
                output.lines()
                        .filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                        .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()))
                        .toList();
        if (exit != 0 || results.isEmpty()) {
            throw new IllegalStateException(
                    "BashJavaUtils " + command + " failed (exit " + exit + "):\n" + output);
        }
        resourceParams.put(command, results);
        return results;
    }

    /**
     * Flink's {@code lib/}: the jobs module's provided dependencies, plus the libraries Flink's
     * distribution bundles that the job also uses (Maven puts those in the job's compile scope, so
     * they are missing from the provided list), plus logging.
     */
    private static String classpath() throws IOException {
        String provided = Files.readString(Path.of("target", "flink-provided.classpath")).trim();
        String bundled =
                Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                        .filter(
                                entry ->
                                        DISTRIBUTION_LIBRARIES.stream()
                                                .anyMatch(
                                                        name ->
                                                                Path.of(entry)
                                                                        .getFileName()
                                                                        .toString()
                                                                        .startsWith(name)))
                        .collect(Collectors.joining(File.pathSeparator));
        return provided + File.pathSeparator + bundled;
    }

    /**
     * What Flink's distribution sets in {@code env.java.opts.all} for Java 17 (its start scripts
     * pass it to every process): running a jar over the REST API needs {@code java.util} opened,
     * for one.
     */
    private static final List<String> JAVA_17_OPTIONS =
            List.of(
                    "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
                    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                    "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.text=ALL-UNNAMED",
                    "--add-opens=java.base/java.time=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    /**
     * Libraries in Flink's distribution ({@code flink-dist} and {@code lib/}) besides the Flink
     * modules.
     */
    private static final List<String> DISTRIBUTION_LIBRARIES =
            List.of(
                    "commons-lang3-",
                    "commons-io-",
                    "commons-compress-",
                    "snappy-java-",
                    "lz4-java-",
                    "zstd-jni-",
                    "jsr305-",
                    "slf4j-api-",
                    "log4j-");

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
