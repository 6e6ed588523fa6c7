package io.storyreel.core.logging;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Masking by secret and by key shape; a shape masks whole tokens only, never the tail of an ordinary word. */
class SecretRegistryTest {
    @Test
    void aRegisteredSecretIsMaskedWhereverItAppears() {
        SecretRegistry.register("regSecret0a1b2c3d");
        assertThat(SecretRegistry.mask("before regSecret0a1b2c3d, inside xregSecret0a1b2c3dx"))
                .isEqualTo("before ***, inside x***x");
        assertThat(SecretRegistry.holdsSecret("a regSecret0a1b2c3d b")).isTrue();
        assertThat(SecretRegistry.holdsSecret("nothing here")).isFalse();
    }

    @Test
    void aKeyShapeMasksWholeTokensThatWereNeverRegistered() {
        SecretRegistry.registerShape(Pattern.compile("qz-[A-Za-z0-9]{20,}"));
        SecretRegistry.registerShape(Pattern.compile("qz-[A-Za-z0-9]{20,}")); // the same shape twice is one
        assertThat(SecretRegistry.mask("key qz-AbCdEfGhIjKlMnOpQrStUv. (\"qz-0123456789abcdefghijK\")"))
                .isEqualTo("key ***. (\"***\")");
        assertThat(SecretRegistry.mask("task-qz-AbCdEfGhIjKlMnOpQrStUv and aqz-AbCdEfGhIjKlMnOpQrStUv and qz-short"))
                .isEqualTo("task-qz-AbCdEfGhIjKlMnOpQrStUv and aqz-AbCdEfGhIjKlMnOpQrStUv and qz-short");
        assertThat(SecretRegistry.holdsSecret("qz-AbCdEfGhIjKlMnOpQrStUv")).isTrue();
    }
}
