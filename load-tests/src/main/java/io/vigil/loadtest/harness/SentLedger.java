package io.vigil.loadtest.harness;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the producer sent that the monitor has not yet seen scored: which transactions were fraud,
 * and when each live transaction was sent (for produce-to-consume latency). Entries are removed
 * when their prediction is counted, so memory stays bounded by what is in flight.
 */
public final class SentLedger {

    private final Set<String> frauds = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> sentNanos = new ConcurrentHashMap<>();
    private final Set<String> unscored = ConcurrentHashMap.newKeySet();
    private final boolean tracking;

    public SentLedger() {
        this(true);
    }

    private SentLedger(boolean tracking) {
        this.tracking = tracking;
    }

    /**
     * A ledger that records nothing: for traffic whose latency and fraud nobody reads (costs the
     * producer nothing).
     */
    public static SentLedger untracked() {
        return new SentLedger(false);
    }

    public void recordFraud(String transactionId) {
        if (tracking) {
            frauds.add(transactionId);
        }
    }

    public void recordSent(String transactionId, long nanoTime) {
        if (tracking) {
            sentNanos.put(transactionId, nanoTime);
        }
    }

    /** Records an event sent (history or live) that is yet to be scored. */
    public void recordUnscored(String transactionId) {
        if (tracking) {
            unscored.add(transactionId);
        }
    }

    /**
     * Marks the transaction scored; false if it was not waiting to be (scored before: a duplicate,
     * or never sent).
     */
    public boolean takeUnscored(String transactionId) {
        return !tracking || unscored.remove(transactionId);
    }

    /** Events sent and not scored yet. */
    public int unscored() {
        return unscored.size();
    }

    /** True (once) if the transaction was fraud. */
    public boolean takeFraud(String transactionId) {
        return frauds.remove(transactionId);
    }

    /**
     * When the transaction was sent ({@link System#nanoTime()}), once; null if it was not recorded.
     */
    public Long takeSentNanos(String transactionId) {
        return sentNanos.remove(transactionId);
    }
}
