package io.vigil.e2e.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

/**
 * Only the modules' main classes: neither this module's tests nor other modules' test jars ({@code
 * *-tests.jar}), which {@link ImportOption.DoNotIncludeTests} does not recognise.
 */
final class ProductionClasses implements ImportOption {

    private static final ImportOption TESTS = new DoNotIncludeTests();

    @Override
    public boolean includes(Location location) {
        return TESTS.includes(location) && !location.contains("-tests.jar");
    }
}
