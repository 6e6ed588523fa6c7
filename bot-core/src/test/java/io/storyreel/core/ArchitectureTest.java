package io.storyreel.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.storyreel.core.provider.VideoProviderFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/** Core holds the rules both platforms share; it must not know either chat library. */
class ArchitectureTest {
    private final JavaClasses core = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.storyreel.core");

    @Test
    void coreWasImported() {
        assertThat(core.size()).as("classes found in io.storyreel.core").isGreaterThan(20);
    }

    @Test
    void coreDoesNotDependOnTelegramOrDiscordLibraries() {
        noClasses().that().resideInAPackage("io.storyreel.core..")
                .should().dependOnClassesThat().resideInAnyPackage("org.telegram..", "discord4j..")
                .because("adapters translate platforms; core stays platform-neutral")
                .check(core);
    }

    /** Each installed provider's package is named after its id; its {@code internal} wire types are its own. */
    @Test
    void providerWireTypesStayInInternalPackages() {
        for (VideoProviderFactory f : VideoProviderFactory.installed()) {
            String pkg = "io.storyreel.core.provider." + f.id();
            assertThat(f.getClass().getPackageName()).as("package of provider %s", f.id()).isEqualTo(pkg);
            noClasses().that().resideInAPackage("io.storyreel.core..").and().resideOutsideOfPackage(pkg + "..")
                    .should().dependOnClassesThat().resideInAPackage(pkg + ".internal..")
                    .because("wire formats stay at the edge")
                    .allowEmptyShould(true)
                    .check(core);
        }
    }

    @Test
    void onlyProvidersUseTheProvidersHttpPlumbingAndLimits() {
        noClasses().that().resideOutsideOfPackage("io.storyreel.core.provider..")
                .should().dependOnClassesThat().resideInAnyPackage("io.storyreel.core.provider.http..",
                        "io.storyreel.core.provider.limits..")
                .because("a provider's HTTP client, retries and request pacing are its own business")
                .check(core);
    }

    /**
     * The provider packages, images, downloads and configuration (and what they lean on) form no package cycle: the port knows
     * no implementation, images know no provider. The rule over all of core is switched on once every package
     * passes it.
     */
    @Test
    void providerImageAndConfigPackagesAreFreeOfCycles() {
        JavaClasses lower = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.storyreel.core.provider", "io.storyreel.core.image", "io.storyreel.core.config",
                        "io.storyreel.core.download", "io.storyreel.core.storage", "io.storyreel.core.logging");
        slices().matching("io.storyreel.core.(**)").should().beFreeOfCycles().check(lower);
    }

    /**
     * A provider is one package: its id appears as a string literal only in its own package and its simulator (and in
     * configuration files, which are not Java). Everything else iterates the registry.
     */
    @Test
    void providerIdsAreWrittenOnlyInTheirOwnPackageAndSimulator() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> ids = VideoProviderFactory.installed().stream().map(VideoProviderFactory::id).toList();
        assertThat(ids).contains("kling", "minimax");
        List<Path> sources;
        try (Stream<Path> files = Files.walk(root)) {
            sources = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> root.relativize(f).toString().replace('\\', '/').matches("[^/]+/src/main/java/.*"))
                    .toList();
        }
        assertThat(sources).as("main sources of every module").hasSizeGreaterThan(150);
        List<String> hits = new ArrayList<>();
        for (Path f : sources) {
            String rel = root.relativize(f).toString().replace('\\', '/');
            List<String> lines = Files.readAllLines(f);
            for (String id : ids) {
                if (rel.contains("/io/storyreel/core/provider/" + id + "/") || rel.contains("/io/storyreel/sim/" + id + "/")) {
                    continue;
                }
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains("\"" + id + "\"")) {
                        hits.add(rel + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(hits).as("provider ids written outside their provider package and simulator").isEmpty();
    }

    @Test
    void generationKnowsNeitherTheChatNorTheConversation() {
        noClasses().that().resideInAPackage("io.storyreel.core.generation..")
                .should().dependOnClassesThat().resideInAnyPackage("io.storyreel.core.chat..", "io.storyreel.core.conversation..")
                .because("the engine reports to a listener and takes acknowledgements; the conversation talks to chats "
                        + "and words what the engine reports")
                .check(core);
    }
}
