package io.vigil.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./vigil completion}: prints picocli's bash/zsh completion script for every command,
 * contributed ones included. The same script ships as {@code cli/vigil_completion.bash}.
 */
@Command(
        name = "completion",
        description = {
            "Print the bash/zsh completion script of ./vigil.",
            "Use it with:",
            "  source <(./vigil completion)     or     source cli/vigil_completion.bash"
        })
public final class CompletionCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        System.out.print(script(spec.root().commandLine()));
        return 0;
    }

    /** The completion script of the command tree {@code root} belongs to. */
    static String script(picocli.CommandLine root) {
        return AutoComplete.bash("vigil", root);
    }
}
