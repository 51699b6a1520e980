package io.vigil.cli.features;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every training-set command shares: the output file and the labels (a picocli mixin). */
final class TrainingSetOutput {

    @Option(
            names = "--output",
            required = true,
            paramLabel = "FILE.csv|FILE.avro|FILE.parquet",
            description =
                    "CSV with a header, an Avro container file or a Parquet file (label null when"
                            + " unlabelled), by the file's extension.")
    Path file;

    @Option(
            names = "--labels",
            paramLabel = "T",
            defaultValue = "labels",
            description = "Labels topic (default: ${DEFAULT-VALUE}).")
    String labelsTopic;

    @Option(
            names = "--label-files",
            paramLabel = "P",
            split = ",",
            description =
                    "Labels from files instead: .avro container files or .jsonl JSON lines, in the"
                            + " spec's labels schema (TransactionLabel without one); a directory"
                            + " reads all.")
    List<String> labelFiles = List.of();
}
