package io.vigil.loadtest.bench;

import io.vigil.cli.ContributedCommand;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code ./vigil jmh [JMH options] [benchmark regex]}: runs the JMH micro-benchmarks of load-tests.
 */
@Command(
        name = "jmh",
        description = {
            "Run the JMH micro-benchmarks.",
            "Every argument goes to JMH, e.g. ./vigil jmh -f 1 -wi 3 -i 5 EntityFeatureBenchmark"
                    + " (JMH's own help: ./vigil jmh -- -h)."
        })
public final class JmhCommand implements ContributedCommand {

    /** JMH parses its own options, so the arguments go straight through. */
    @Unmatched List<String> jmhArguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Main.main(jmhArguments.toArray(String[]::new));
        return 0;
    }
}
