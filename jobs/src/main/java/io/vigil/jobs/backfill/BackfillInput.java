package io.vigil.jobs.backfill;

import io.vigil.jobs.files.FileLayout;
import java.io.Serializable;
import java.util.List;

/**
 * Where a backfill reads history: transactions from the configured topic or from files, labels from
 * a topic or from files. Files are any Flink FileSystem paths (a directory reads every file in it).
 *
 * @param transactionFiles empty to read the transactions topic
 * @param labelsTopic read when {@code labelFiles} is empty
 * @param labelFiles empty to read {@code labelsTopic}
 */
public record BackfillInput(
        List<String> transactionFiles, String labelsTopic, List<String> labelFiles)
        implements Serializable {

    public BackfillInput {
        transactionFiles = List.copyOf(transactionFiles);
        labelFiles = List.copyOf(labelFiles);
        if (!transactionFiles.isEmpty()) {
            FileLayout.of(transactionFiles);
        }
        if (!labelFiles.isEmpty()) {
            FileLayout.of(labelFiles);
        }
    }

    /** Both from Kafka: the job's transactions topic and {@code labelsTopic}. */
    public static BackfillInput topics(String labelsTopic) {
        return new BackfillInput(List.of(), labelsTopic, List.of());
    }
}
