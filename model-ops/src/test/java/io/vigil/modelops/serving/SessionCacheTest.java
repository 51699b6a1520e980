package io.vigil.modelops.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.modelops.onnx.OnnxModel;
import io.vigil.modelops.onnx.OnnxScorer;
import io.vigil.modelops.onnx.VectorRows;
import io.vigil.modelops.registry.TrainedModel;
import io.vigil.modelops.testutils.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SessionCacheTest {

    private final TrainedModel model = TestModels.logisticRegression();

    private SessionCache.Lease lease(AtomicInteger loads) throws Exception {
        return SessionCache.acquire(
                "digest-a",
                () -> {
                    loads.incrementAndGet();
                    return OnnxModel.load(model.onnx(), "test");
                });
    }

    @Test
    void loadsOncePerDigestAndClosesWithTheLastLease() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        SessionCache.Lease first = lease(loads);
        SessionCache.Lease second = lease(loads);

        assertThat(loads).hasValue(1);
        assertThat(second.model()).isSameAs(first.model());
        first.release();
        first.release(); // twice is harmless
        assertThat(SessionCache.openSessions()).isEqualTo(1);
        second.release();
        assertThat(SessionCache.openSessions()).isZero();
    }

    /**
     * Scorers on shared sessions run while another thread keeps swapping (acquiring a new lease and
     * releasing the old one), as subtasks do when versions change. Closing a session during a run
     * would crash the JVM; this test finishing at all, with every score valid, is the check.
     */
    @Test
    void concurrentScoringAndSwappingNeverClosesASessionInUse() throws Exception {
        double[][] rows = TestModels.vectors(64, 1).toArray(double[][]::new);
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(3);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            String digest = "digest-" + t % 2;
            threads.add(
                    new Thread(
                            () -> {
                                try {
                                    double[] scores = new double[rows.length];
                                    while (running.get()) {
                                        SessionCache.Lease lease =
                                                SessionCache.acquire(
                                                        digest,
                                                        () -> OnnxModel.load(model.onnx(), "test"));
                                        try (OnnxScorer scorer =
                                                OnnxScorer.create(
                                                        lease.model(),
                                                        lease::release,
                                                        model.manifest(),
                                                        TestModels.FEATURES,
                                                        java.util.List.of(),
                                                        64)) {
                                            for (int i = 0; i < 5; i++) {
                                                scorer.score(
                                                        new VectorRows().reset(rows, rows.length),
                                                        scores);
                                                for (double s : scores) {
                                                    if (!(s >= 0 && s <= 1)) {
                                                        throw new AssertionError("bad score " + s);
                                                    }
                                                }
                                                runs.incrementAndGet();
                                            }
                                        }
                                    }
                                } catch (Throwable e) {
                                    failures.add(e);
                                } finally {
                                    done.countDown();
                                }
                            }));
        }
        threads.forEach(Thread::start);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline && failures.isEmpty()) {
            Thread.onSpinWait();
        }
        running.set(false);
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(failures).isEmpty();
        assertThat(runs.get()).isGreaterThan(100);
        assertThat(SessionCache.openSessions()).isZero();
    }
}
