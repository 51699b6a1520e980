package io.vigil.cli;

import io.vigil.cli.support.CommandFailure;
import io.vigil.cli.support.FlinkDuration;
import io.vigil.schemas.codec.AvroLimits;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Entry point of the {@code ./vigil} command line. The built-in commands are those of {@link
 * VigilCommand}; others (the demo, benchmarks) are contributed by whatever modules are on the class
 * path, as {@link ContributedCommand} services.
 */
public final class Vigil {

    /** Held so the level sticks: Tribuo logs every training run through java.util.logging. */
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    private Vigil() {}

    public static void main(String[] args) {
        AvroLimits.install(); // first: every command, demo and embedded job runs in this JVM
        TRIBUO_LOG.setLevel(Level.WARNING);
        System.exit(run(args));
    }

    /** Runs one command line; returns the exit status (0 done, 1 failed, 2 usage mistake). */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        cli.setParameterExceptionHandler(Vigil::usageMistake);
        cli.setExecutionExceptionHandler(new OneLineFailures(List.of(args).contains("--verbose")));
        return cli.execute(args);
    }

    /** The whole command tree, contributed commands included. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new VigilCommand());
        for (ContributedCommand command : ServiceLoader.load(ContributedCommand.class)) {
            cli.addSubcommand(command);
        }
        cli.registerConverter(Duration.class, new FlinkDuration());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    /** A usage mistake: one line naming the command, the mistake and where the options are. */
    private static int usageMistake(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        command.getErr()
                .println(name + ": " + e.getMessage() + " (./" + name + " -h shows the options)");
        command.getErr().flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * A failed command prints one line naming the command and what went wrong, and exits with 1;
     * the stack trace only with {@code --verbose}.
     */
    private static final class OneLineFailures implements IExecutionExceptionHandler {

        private final boolean verbose;

        OneLineFailures(boolean verbose) {
            this.verbose = verbose;
        }

        @Override
        public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
            PrintWriter err = command.getErr();
            String name = command.getCommandSpec().qualifiedName();
            boolean expected = CommandFailure.isExpected(e);
            err.println(
                    name
                            + ": "
                            + CommandFailure.describe(e)
                            + (expected || verbose ? "" : " (--verbose shows the stack trace)"));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return e instanceof CommandLine.ParameterException ? 2 : 1;
        }
    }
}
