package io.storyreel.sim.multipart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void readsFieldsAndFilesKeepingBinaryBytesWhole() {
        byte[] binary = {(byte) 0xFF, (byte) 0xD8, '\r', '\n', '-', '-', 'x', 0, (byte) 0x80};
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(bytes("--b0und\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\n42\r\n"));
        body.writeBytes(bytes("--b0und\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"film.mp4\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n"));
        body.writeBytes(binary);
        body.writeBytes(bytes("\r\n--b0und--\r\n"));

        List<Multipart.Part> parts = Multipart.parse("multipart/form-data; boundary=\"b0und\"", body.toByteArray());

        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).name()).isEqualTo("chat_id");
        assertThat(parts.get(0).fileName()).isNull();
        assertThat(parts.get(0).text()).isEqualTo("42");
        assertThat(parts.get(1).name()).isEqualTo("files[0]");
        assertThat(parts.get(1).fileName()).isEqualTo("film.mp4");
        assertThat(parts.get(1).contentType()).isEqualTo("video/mp4");
        assertThat(parts.get(1).bytes()).containsExactly(binary);
    }

    @Test
    void headerNamesAndAttributesAreCaseInsensitive() {
        byte[] body = bytes("--x\r\ncontent-disposition: form-data; NAME=payload_json\r\ncontent-type: application/json"
                + "\r\n\r\n{}\r\n--x--");

        List<Multipart.Part> parts = Multipart.parse("Multipart/Form-Data; Boundary=x", body);

        assertThat(parts).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("payload_json");
            assertThat(p.contentType()).isEqualTo("application/json");
            assertThat(p.text()).isEqualTo("{}");
        });
    }

    @Test
    void recognisesOnlyFormData() {
        assertThat(Multipart.isMultipart("multipart/form-data; boundary=a")).isTrue();
        assertThat(Multipart.isMultipart("application/json")).isFalse();
        assertThat(Multipart.isMultipart(null)).isFalse();
    }

    @Test
    void aContentTypeWithoutBoundaryIsRefused() {
        assertThatThrownBy(() -> Multipart.parse("multipart/form-data", bytes("--x--")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("boundary");
    }
}
