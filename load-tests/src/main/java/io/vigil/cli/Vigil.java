package io.vigil.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Entry point of the {@code ./vigil} command line. */
public final class Vigil {

    private static final Set<String> FLAGS = Set.of("help", "from-beginning", "quick");

    /** Held so the level sticks: Tribuo logs every training run through java.util.logging. */
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    private Vigil() {}

    public static void main(String[] args) {
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
        System.exit(run(args));
    }

    static int run(String[] args) {
        Map<String, Command> commands = new LinkedHashMap<>();
        commands.put("demo", new DemoCommand());
        commands.put("train", new TrainCommand());
        commands.put("tail", new TailCommand());
        commands.put("model", new ModelCommand());
        commands.put("features", new FeaturesCommand());
        commands.put("jmh", new JmhCommand());
        commands.put("bench", new BenchCommand());
        commands.put("retrainer", new RetrainerCommand());
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            printCommands(commands);
            return args.length == 0 ? 2 : 0;
        }
        if (args[0].equals("jmh")) {
            try {
                JmhCommand.main(java.util.Arrays.copyOfRange(args, 1, args.length));
                return 0;
            } catch (Exception e) {
                System.err.println("vigil jmh failed: " + e);
                return 1;
            }
        }
        Command command = commands.get(args[0]);
        if (command == null) {
            System.err.println("unknown command '" + args[0] + "'");
            printCommands(commands);
            return 2;
        }
        try {
            CliArguments arguments = new CliArguments(java.util.Arrays.copyOfRange(args, 1, args.length), FLAGS);
            if (arguments.flag("help")) {
                System.out.print(command.usage());
                return 0;
            }
            return command.run(arguments);
        } catch (UsageException e) {
            System.err.println("vigil " + args[0] + ": " + e.getMessage());
            System.err.print(command.usage());
            return 2;
        } catch (Exception e) {
            System.err.println("vigil " + args[0] + " failed: " + e);
            e.printStackTrace(System.err);
            return 1;
        }
    }

    private static void printCommands(Map<String, Command> commands) {
        System.out.println("Usage: ./vigil COMMAND [options]   (./vigil COMMAND --help for its options)");
        commands.forEach((name, command) -> System.out.printf("  %-6s %s%n", name, command.summary()));
    }
}
