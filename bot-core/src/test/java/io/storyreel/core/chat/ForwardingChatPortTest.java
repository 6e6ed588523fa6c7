package io.storyreel.core.chat;

import io.storyreel.core.conversation.testing.RecordingChatPort;
import io.storyreel.core.storyboard.EchoingChatPort;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wrappers of a platform's port answer for the platform: every method of {@link ChatPort}, its defaults
 * included, is forwarded by {@link ForwardingChatPort}, so a method added to the interface later cannot fall back on
 * its default in a wrapper (an admin refused, a member turned away from the page).
 */
class ForwardingChatPortTest {

    @Test
    void everyMethodOfTheInterfaceIsForwarded() {
        List<String> missing = Arrays.stream(ChatPort.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> !declares(m))
                .map(Method::toString).toList();
        assertThat(missing).as("ChatPort methods ForwardingChatPort does not forward").isEmpty();
    }

    @Test
    void theMaskingAndEchoingPortsSayWhatThePlatformSaysAboutAdminsAndMembers() {
        ChatPort platform = new AdminsEverywhere(new RecordingChatPort());
        ChatRef group = new ChatRef(Platform.TELEGRAM, "-100", ChatKind.GROUP);
        UserRef ann = new UserRef(Platform.TELEGRAM, "1", "Ann");
        for (ChatPort wrapper : List.of(new MaskingChatPort(platform), new EchoingChatPort(platform),
                new MaskingChatPort(new EchoingChatPort(platform)))) {
            assertThat(wrapper.isAdministrator(group, ann)).as(wrapper.getClass().getSimpleName()).isTrue();
            assertThat(wrapper.isMember(group, ann)).as(wrapper.getClass().getSimpleName()).isTrue();
            assertThat(wrapper.uploadLimitBytes(group)).isEqualTo(platform.uploadLimitBytes(group));
        }
    }

    /** A platform that knows every member, and every member as an admin (the interface's defaults say no to both). */
    private static final class AdminsEverywhere extends ForwardingChatPort {
        AdminsEverywhere(ChatPort recorded) {
            super(recorded);
        }

        @Override
        public boolean isAdministrator(ChatRef chat, UserRef user) {
            return true;
        }

        @Override
        public boolean isMember(ChatRef chat, UserRef user) {
            return true;
        }
    }

    private static boolean declares(Method m) {
        try {
            ForwardingChatPort.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
