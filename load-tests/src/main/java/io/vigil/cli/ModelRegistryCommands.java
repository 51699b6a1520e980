package io.vigil.cli;

import io.vigil.jobs.config.KafkaAccess;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.schemas.ModelEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The registry subcommands of {@code ./vigil model}; each prints what it did, readably. */
final class ModelRegistryCommands {

    /** Default delay before a change applies: time for every scoring subtask to receive it first. */
    static final Duration DEFAULT_ACTIVATION_DELAY = Duration.ofSeconds(10);

    private ModelRegistryCommands() {}

    static int run(String subcommand, List<String> words, CliArguments args) throws Exception {
        KafkaAccess kafka = KafkaArguments.read(args);
        String topic = args.string("topic", "model-events");
        String store = args.string("store", Path.of(".vigil", "registry").toAbsolutePath().toUri().toString());
        String actor = args.string("actor", System.getProperty("user.name", "unknown"));
        Instant activation = activation(args.string("activate-at", null));
        String modelFile = args.string("model", null);
        String manifestFile = args.string("manifest", null);
        String reason = args.string("reason", "retired by " + actor);
        args.rejectUnknown();
        try (ModelRegistry registry = new ModelRegistry(kafka.bootstrapServers(), kafka.clientProperties(), topic, new ArtifactStore(store))) {
            registry.ensureTopic();
            ModelEvent event = switch (subcommand) {
                case "register" -> registry.register(Files.readAllBytes(Path.of(need(modelFile, "--model"))),
                        ModelManifest.fromYaml(Files.readAllBytes(Path.of(need(manifestFile, "--manifest")))), actor);
                case "promote" -> registry.moveAlias(word(words, 1, "MODEL"), word(words, 2, "VERSION"), "champion", activation, actor);
                case "shadow" -> registry.moveAlias(word(words, 1, "MODEL"), word(words, 2, "VERSION"), "shadow", activation, actor);
                case "alias" -> registry.moveAlias(word(words, 1, "MODEL"), word(words, 2, "VERSION"), word(words, 3, "ALIAS"), activation, actor);
                case "rollback" -> registry.rollback(word(words, 1, "MODEL"), words.size() > 2 ? words.get(2) : "champion", activation, actor);
                case "canary" -> registry.setCanary(word(words, 1, "MODEL"), word(words, 2, "VERSION"),
                        Integer.parseInt(word(words, 3, "PERCENT")), activation, actor);
                case "retire" -> registry.retire(word(words, 1, "MODEL"), word(words, 2, "VERSION"), reason, actor);
                case "list" -> {
                    RegistryPrinter.list(registry.read(), System.out);
                    yield null;
                }
                case "describe" -> {
                    RegistryPrinter.describe(registry.read(), word(words, 1, "MODEL[:VERSION]"), System.out);
                    yield null;
                }
                default -> throw new UsageException("unknown model subcommand '" + subcommand + "'");
            };
            if (event != null) {
                System.out.println(RegistryPrinter.summary(event));
            }
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("vigil model " + subcommand + ": " + e.getMessage());
            return 1;
        }
    }

    /** {@code now}, {@code now+30s}, or an ISO instant such as {@code 2026-12-01T09:00:00Z}; default now + 10 s. */
    static Instant activation(String text) {
        if (text == null) {
            return Instant.now().plus(DEFAULT_ACTIVATION_DELAY);
        }
        if (text.equals("now")) {
            return Instant.now();
        }
        if (text.startsWith("now+")) {
            return Instant.now().plus(CliArguments.parseDuration("activate-at", text.substring(4)));
        }
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            throw new UsageException("--activate-at is now, now+DURATION or an ISO instant like 2026-12-01T09:00:00Z (was '" + text + "')");
        }
    }

    private static String word(List<String> words, int index, String name) {
        if (words.size() <= index) {
            throw new UsageException("missing " + name);
        }
        return words.get(index);
    }

    private static String need(String value, String option) {
        if (value == null) {
            throw new UsageException(option + " is required");
        }
        return value;
    }
}
