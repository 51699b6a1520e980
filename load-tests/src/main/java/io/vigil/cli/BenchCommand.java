package io.vigil.cli;

/** {@code ./vigil bench}: placeholder until the load harness lands (see load-tests/RESULTS.md). */
final class BenchCommand implements Command {

    @Override
    public String summary() {
        return "measure ScoringJob against a passthrough job on the same broker";
    }

    @Override
    public String usage() {
        return "Usage: ./vigil bench [--quick]\n";
    }

    @Override
    public int run(CliArguments args) {
        args.flag("quick");
        args.rejectUnknown();
        System.err.println("bench is not available yet");
        return 1;
    }
}
