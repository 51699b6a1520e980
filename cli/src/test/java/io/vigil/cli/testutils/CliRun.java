package io.vigil.cli.testutils;

import io.vigil.cli.Vigil;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One run of the command line in this JVM, with what it printed.
 *
 * @param status the exit status
 */
public record CliRun(int status, String out, String err) {

    /** Runs {@code ./vigil args...}, capturing standard output and error. */
    public static synchronized CliRun of(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            int status = Vigil.run(args);
            System.out.flush();
            System.err.flush();
            return new CliRun(
                    status,
                    capturedOut.toString(StandardCharsets.UTF_8),
                    capturedErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** Everything printed, for messages in failed assertions. */
    public String printed() {
        return "exit " + status + "\n--- out\n" + out + "--- err\n" + err;
    }
}
