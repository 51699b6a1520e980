package io.vigil.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;

/** Free TCP ports on 127.0.0.1, for processes Vigil starts (broker, test clusters). */
public final class LoopbackPorts {

    private LoopbackPorts() {}

    /**
     * A port free right now on 127.0.0.1 and not one of {@code taken}: the OS may hand out a port
     * it just gave for another listener again, once that probe's socket is closed.
     */
    public static int free(int... taken) {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (Arrays.stream(taken).noneMatch(p -> p == port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free port on 127.0.0.1", e);
            }
        }
    }
}
