package io.vigil.cli;

/** {@code ./vigil jmh [JMH options] [benchmark regex]}: runs the JMH micro-benchmarks of load-tests. */
final class JmhCommand implements Command {

    @Override
    public String summary() {
        return "run JMH micro-benchmarks (e.g. ./vigil jmh EntityFeatureBenchmark)";
    }

    @Override
    public String usage() {
        return "Usage: ./vigil jmh [JMH options] [BENCHMARK_REGEX]   e.g. ./vigil jmh -f 1 -wi 3 -i 5 EntityFeatureBenchmark\n";
    }

    @Override
    public int run(CliArguments args) throws Exception {
        throw new UsageException("jmh takes its options straight from the command line");
    }

    /** JMH parses its own options, so the raw arguments go straight through. */
    static void main(String[] jmhArgs) throws Exception {
        org.openjdk.jmh.Main.main(jmhArgs);
    }
}
