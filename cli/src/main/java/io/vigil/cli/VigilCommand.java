package io.vigil.cli;

import io.vigil.cli.features.FeaturesCommand;
import io.vigil.cli.model.ModelCommand;
import io.vigil.cli.retrainer.RetrainerCommand;
import io.vigil.cli.run.RunCommand;
import io.vigil.cli.tail.SchemaCommand;
import io.vigil.cli.tail.TailCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root of the command tree: {@code ./vigil COMMAND [options]}. */
@Command(
        name = "vigil",
        versionProvider = VersionInfo.class,
        usageHelpAutoWidth = true,
        description = "Vigil: real-time ML scoring on Apache Flink.",
        footer = {
            "",
            "./vigil COMMAND --help shows a command's options.",
            "Durations are written as Flink's options take them: 500ms, 60s, 5min, 1h, 7d."
        },
        subcommands = {
            ModelCommand.class,
            FeaturesCommand.class,
            TailCommand.class,
            SchemaCommand.class,
            RunCommand.class,
            RetrainerCommand.class,
            CompletionCommand.class
        })
public final class VigilCommand implements Runnable {

    @Spec private CommandSpec spec;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            scope = ScopeType.INHERIT,
            description = "Show this help message and exit.")
    boolean help;

    @Option(
            names = {"-V", "--version"},
            versionHelp = true,
            description = "Print version information and exit.")
    boolean version;

    @Option(
            names = "--verbose",
            scope = ScopeType.INHERIT,
            description = "Print the stack trace when a command fails.")
    boolean verbose;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a command");
    }
}
