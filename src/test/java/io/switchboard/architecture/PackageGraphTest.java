package io.switchboard.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;

/**
 * The package graph of docs/ARCHITECTURE.md: top-level packages without cycles, in layers that only look down.
 * A failure names the class and the dependency that breaks the shape.
 */
class PackageGraphTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMain() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.switchboard");
    }

    @Test
    void topLevelPackagesFormNoCycle() {
        slices().matching("io.switchboard.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void layersOnlyLookDown() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Ground").definedBy("io.switchboard.api..", "io.switchboard.error..", "io.switchboard.store..",
                        "io.switchboard.outbound..", "io.switchboard.trace..")
                .layer("Tenant").definedBy("io.switchboard.tenant..")
                .layer("Element").definedBy("io.switchboard.element..")
                .layer("Instance").definedBy("io.switchboard.instance..")
                .layer("Pipeline").definedBy("io.switchboard.event..", "io.switchboard.ingest..",
                        "io.switchboard.poll..", "io.switchboard.delivery..", "io.switchboard.kafka..",
                        "io.switchboard.subscription..", "io.switchboard.messaging..")
                .layer("Read").definedBy("io.switchboard.history..", "io.switchboard.console..")
                .whereLayer("Ground").mayNotAccessAnyLayer()
                .whereLayer("Tenant").mayOnlyAccessLayers("Ground")
                .whereLayer("Element").mayOnlyAccessLayers("Ground", "Tenant")
                .whereLayer("Instance").mayOnlyAccessLayers("Ground", "Tenant", "Element")
                .whereLayer("Pipeline").mayOnlyAccessLayers("Ground", "Tenant", "Element", "Instance", "Pipeline")
                .check(classes);
    }

    @Test
    void groundPackagesDependOnNoOtherOfTheHubs() {
        ArchRuleDefinition.noClasses().that().resideInAnyPackage("io.switchboard.api..", "io.switchboard.error..",
                "io.switchboard.store..",
                "io.switchboard.outbound..", "io.switchboard.trace..")
                .should().dependOnClassesThat().resideInAnyPackage("io.switchboard.tenant..",
                        "io.switchboard.element..", "io.switchboard.instance..", "io.switchboard.event..",
                        "io.switchboard.ingest..", "io.switchboard.poll..", "io.switchboard.delivery..",
                        "io.switchboard.kafka..", "io.switchboard.subscription..", "io.switchboard.messaging..",
                        "io.switchboard.history..", "io.switchboard.console..")
                .check(classes);
    }

    /** A receipt flows ingest → event → delivery; delivery, the lowest of the pipeline, calls none of it back. */
    @Test
    void deliveryCallsNothingUpThePipeline() {
        ArchRuleDefinition.noClasses().that().resideInAPackage("io.switchboard.delivery..")
                .should().dependOnClassesThat().resideInAnyPackage("io.switchboard.event..",
                        "io.switchboard.ingest..", "io.switchboard.poll..", "io.switchboard.subscription..",
                        "io.switchboard.messaging..", "io.switchboard.kafka..")
                .check(classes);
    }
}
