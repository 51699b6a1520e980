package io.vigil.modelops.monitoring;

import io.vigil.modelops.manifest.ReferenceProfile;
import io.vigil.modelops.registry.ArtifactException;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.modelops.registry.RegistryState;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Profiles from the model registry: a version's manifest, found through the registry topic, read
 * from the configured artifact store by its digest (never from a URI in an event). Answers are
 * cached; a version the registry does not know yet is looked up again at most once a minute (it may
 * be registered later). Not thread-safe.
 */
public final class RegistryProfiles implements ProfileCatalog {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RegistryProfiles.class);
    private static final long RETRY_MS = 60_000;

    private final String bootstrap;
    private final Map<String, String> clientProperties;
    private final String topic;
    private final ArtifactStore store;

    private transient Map<String, Optional<ReferenceProfile>> cache;
    private transient Map<String, Long> unknownSince;

    public RegistryProfiles(String bootstrap, String topic, ArtifactStore store) {
        this(bootstrap, Map.of(), topic, store);
    }

    /**
     * @param clientProperties Kafka client settings (security, credentials) for reading the
     *     registry topic
     */
    public RegistryProfiles(
            String bootstrap,
            Map<String, String> clientProperties,
            String topic,
            ArtifactStore store) {
        this.bootstrap = bootstrap;
        this.clientProperties = new HashMap<>(clientProperties);
        this.topic = topic;
        this.store = store;
    }

    @Override
    public ReferenceProfile profileOf(String model, String version) {
        if (cache == null) {
            cache = new HashMap<>();
            unknownSince = new HashMap<>();
        }
        String id = model + ":" + version;
        Optional<ReferenceProfile> known = cache.get(id);
        if (known != null) {
            return known.orElse(null);
        }
        Long lastTry = unknownSince.get(id);
        if (lastTry != null && System.currentTimeMillis() - lastTry < RETRY_MS) {
            return null;
        }
        if (store == null) {
            LOG.warn(
                    "Model {}: no artifact store configured (vigil.registry.store), so no reference"
                            + " profile: monitored for volume only",
                    id);
            cache.put(id, Optional.empty());
            return null;
        }
        RegistryState state;
        try (ModelRegistry registry =
                new ModelRegistry(bootstrap, clientProperties, topic, store)) {
            state = registry.read();
        }
        Optional<RegistryState.VersionInfo> info = state.version(model, version);
        if (info.isEmpty()) {
            LOG.warn(
                    "Model {} is not in the registry ({}): monitored for volume only until it is",
                    id,
                    topic);
            unknownSince.put(id, System.currentTimeMillis());
            return null;
        }
        try {
            ReferenceProfile profile = store.readManifest(info.get().registration()).profile();
            if (profile == null) {
                LOG.warn(
                        "Model {} has no reference profile in its manifest: monitored for volume"
                                + " only",
                        id);
            }
            cache.put(id, Optional.ofNullable(profile));
            return profile;
        } catch (ArtifactException e) {
            LOG.warn("Cannot read the manifest of {} ({}); will try again", id, e.getMessage());
            unknownSince.put(id, System.currentTimeMillis());
            return null;
        }
    }
}
