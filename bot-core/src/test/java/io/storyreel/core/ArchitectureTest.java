package io.storyreel.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
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

    @Test
    void providerWireTypesStayInInternalPackages() {
        noClasses().that().resideInAPackage("io.storyreel.core..")
                .and().resideOutsideOfPackages("io.storyreel.core.provider.kling..", "io.storyreel.core.provider.minimax..")
                .should().dependOnClassesThat().resideInAnyPackage("io.storyreel.core.provider.kling.internal..",
                        "io.storyreel.core.provider.minimax.internal..")
                .because("wire formats stay at the edge")
                .allowEmptyShould(true)
                .check(core);
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
