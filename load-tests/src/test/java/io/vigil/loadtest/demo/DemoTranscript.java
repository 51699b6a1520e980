package io.vigil.loadtest.demo;

import io.vigil.cli.Vigil;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A {@code ./vigil} command run in this JVM with its console captured (and echoed to the test's
 * output, for a failure's log).
 *
 * @param status the command's exit status
 * @param output what it printed
 */
record DemoTranscript(int status, String output) {

    static DemoTranscript run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            status = Vigil.run(args);
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        original.print(output);
        return new DemoTranscript(status, output);
    }
}
