package io.storyreel.core.generation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A clip's failure reason is stored as JSON and read back after a restart, within its column. */
class EngineReasonTest {
    @Test
    void aReasonReadsBackAsItWasStored() {
        EngineReason r = EngineReason.timedOut("Kling", 3, 30);
        assertThat(EngineReason.fromJson(r.toJson(), "ignored")).isEqualTo(r);
    }

    @Test
    void aDetailFullOfEscapedCharactersIsCutUntilItFitsTheColumn() {
        EngineReason r = EngineReason.detailed(EngineReason.Kind.PROVIDER_ERROR, "Kling", 1, "\u0001".repeat(5000));
        String json = r.toJson();
        assertThat(json.length()).isLessThanOrEqualTo(3900);
        EngineReason back = EngineReason.fromJson(json, "ignored");
        assertThat(back.kind()).isEqualTo(EngineReason.Kind.PROVIDER_ERROR);
        assertThat(back.detail()).isNotEmpty().matches("\u0001+");
    }

    @Test
    void aClipFailedBeforeReasonsWereStoredReadsAsItsProvidersMessage() {
        assertThat(EngineReason.fromJson(null, "content rejected"))
                .isEqualTo(EngineReason.detailed(EngineReason.Kind.PROVIDER_ERROR, null, 0, "content rejected"));
    }
}
