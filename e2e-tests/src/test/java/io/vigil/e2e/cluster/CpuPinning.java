package io.vigil.e2e.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Pins running processes, all their threads, to CPUs ({@code taskset -a -p -c}): on one host, a
 * test gives each simulated machine cores of its own.
 */
final class CpuPinning {

    private CpuPinning() {}

    /**
     * Pins {@code process} to {@code cpus} (e.g. {@code 0} or {@code 0,1}); threads it starts later
     * inherit it. Returns the CPUs it could use before, to restore with another call.
     */
    static String pin(ProcessHandle process, String cpus) throws IOException, InterruptedException {
        String before = run("taskset", "-c", "-p", String.valueOf(process.pid()));
        run("taskset", "-a", "-c", "-p", cpus, String.valueOf(process.pid()));
        // "pid 123's current affinity list: 0,1"
        return before.substring(before.lastIndexOf(':') + 1).trim();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(
                    String.join(" ", command) + " failed: " + output.trim());
        }
        return output;
    }
}
