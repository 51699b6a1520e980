package io.vigil.loadtest.harness;

import io.vigil.loadtest.generator.CardTraffic;
import io.vigil.loadtest.generator.TransactionGenerator;

/**
 * What a measured job reads and writes, as far as the harness must know.
 *
 * @param bareAvro its input holds bare Avro datums (no single-object header)
 * @param heldBack outputs it may legitimately hold back once its input stops (a job that waits for
 *     the watermark holds the latest events until later ones arrive): the harness counts it caught
 *     up that many outputs short
 * @param keyedOutput its outputs are not predictions but records keyed by transaction id
 */
record JobIo(boolean bareAvro, int heldBack, boolean keyedOutput) {

    /** Vigil's jobs and the baselines built like them. */
    static final JobIo VIGIL = new JobIo(false, 0, false);

    /**
     * The Flink SQL peer: reads what Flink SQL's {@code avro} format reads, waits for the watermark
     * (every partition's latest events), writes feature rows.
     */
    static final JobIo SQL_PEER = new JobIo(true, 1_000, true);

    CardTraffic traffic(TransactionGenerator generator) {
        return bareAvro ? CardTraffic.headerless(generator) : new CardTraffic(generator);
    }
}
