package io.vigil.cli.support;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command's body so that Ctrl-C interrupts it and the JVM waits (at most a minute) for it to
 * stop what it started, instead of exiting under it.
 */
public final class StopOnCtrlC {

    private StopOnCtrlC() {}

    /** Runs {@code body} on this thread; Ctrl-C interrupts it. Returns its exit status. */
    public static int run(Callable<Integer> body) throws Exception {
        CountDownLatch finished = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        Thread hook =
                new Thread(
                        () -> {
                            main.interrupt();
                            awaitQuietly(finished);
                        },
                        "vigil-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return body.call();
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down (Ctrl-C): the hook is waiting for us, which is fine.
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
