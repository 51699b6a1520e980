package io.vigil.e2e.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layout rules of the codebase, checked on every module's production classes: packages by role
 * without cycles, Flink-free cores, and the dependency direction schemas <- features <- model-ops
 * <- jobs <- cli, with load-tests on top and imported by nothing.
 */
@AnalyzeClasses(packages = "io.vigil", importOptions = ProductionClasses.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule packagesHaveNoCycles =
            slices().matching("io.vigil.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule onnxAdapterAndFeatureEngineAreFreeOfFlink =
            noClasses()
                    .that()
                    .resideInAnyPackage("io.vigil.modelops.onnx..", "io.vigil.features.engine..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("org.apache.flink..")
                    .because(
                            "the ONNX adapter and the feature engine are plain Java that Flink"
                                    + " functions delegate to");

    @ArchTest
    static final ArchRule nothingImportsTheCommandLine =
            noClasses()
                    .that()
                    .resideOutsideOfPackages("io.vigil.cli..", "io.vigil.loadtest..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("io.vigil.cli..")
                    .because("the command line is the top of the production modules");

    @ArchTest
    static final ArchRule nothingImportsTheLoadTests =
            noClasses()
                    .that()
                    .resideOutsideOfPackage("io.vigil.loadtest..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("io.vigil.loadtest..")
                    .because(
                            "generators, harness and benchmarks stay out of everything that is"
                                    + " deployed");

    @ArchTest
    static final ArchRule schemasDependOnNoOtherModule =
            noClasses()
                    .that()
                    .resideInAPackage("io.vigil.schemas..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "io.vigil.features..",
                            "io.vigil.modelops..",
                            "io.vigil.jobs..",
                            "io.vigil.retrainer..");

    @ArchTest
    static final ArchRule featuresKnowNoModels =
            noClasses()
                    .that()
                    .resideInAPackage("io.vigil.features..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "io.vigil.modelops..", "io.vigil.jobs..", "io.vigil.retrainer..");

    @ArchTest
    static final ArchRule modelOpsKnowsNoJobs =
            noClasses()
                    .that()
                    .resideInAPackage("io.vigil.modelops..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("io.vigil.jobs..", "io.vigil.retrainer..");

    @ArchTest
    static final ArchRule jobsCarryNoTraining =
            noClasses()
                    .that()
                    .resideInAPackage("io.vigil.jobs..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("io.vigil.retrainer..", "org.tribuo..", "ml.dmlc..")
                    .because("training libraries stay out of the scoring job's jar");
}
