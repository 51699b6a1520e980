package io.vigil.modelops.monitoring;

import io.vigil.modelops.manifest.ReferenceProfile;
import java.io.Serializable;

/** Where monitoring finds each model version's reference profile. */
public interface ProfileCatalog extends Serializable {

    /**
     * The profile of {@code model:version}, or null when the version has none (registered without a
     * profile, or unknown to the registry).
     */
    ReferenceProfile profileOf(String model, String version);
}
