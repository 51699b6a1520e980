package io.vigil.cli;

/** One {@code ./vigil} subcommand. */
interface Command {

    /** One line for the command list. */
    String summary();

    /** Full usage text, printed with {@code --help} or after a usage mistake. */
    String usage();

    /** Runs the command; returns the process exit status. */
    int run(CliArguments args) throws Exception;
}
