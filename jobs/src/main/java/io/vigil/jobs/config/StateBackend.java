package io.vigil.jobs.config;

import java.util.Locale;

/** Where keyed state lives. */
public enum StateBackend {
    /**
     * RocksDB on local disk: state larger than memory, incremental checkpoints (production
     * default).
     */
    ROCKSDB,
    /** Java heap: fastest, bounded by TaskManager memory. */
    HASHMAP;

    /** Value of Flink's {@code state.backend.type}. */
    public String flinkName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
