package io.storyreel.core.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The data folder and everything in it is owner-only, whatever the umask (tests run with the usual 022). */
class DataDirTest {
    private static final String DIR = "rwx------";
    private static final String FILE = "rw-------";

    @TempDir
    Path tmp;

    @Test
    void aNewDataFolderItsDatabaseAndItsBlobsAreOwnerOnly() throws Exception {
        Path data = tmp.resolve("a/data");
        DataDir.createPrivateDirectories(data);
        try (Database db = Database.open(Database.h2Url(data), "", "", 2)) {
            new DataDir(data).prepare();
            BlobStore blobs = BlobStore.files(data.resolve("blobs"));
            String fromBytes = blobs.put("photo bytes".getBytes());
            String fromStream = blobs.put(new ByteArrayInputStream("clip bytes".getBytes()));
            Path t = blobs.tempFile(".mp4");
            Files.writeString(t, "film bytes");
            String fromFile = blobs.putFile(t);

            assertThat(mode(tmp.resolve("a"))).isEqualTo(DIR);
            assertThat(mode(data)).isEqualTo(DIR);
            assertThat(mode(data.resolve("storyreel.mv.db"))).isEqualTo(FILE);
            assertThat(mode(data.resolve("blobs"))).isEqualTo(DIR);
            assertThat(mode(data.resolve("blobs/tmp"))).isEqualTo(DIR);
            for (String id : new String[]{fromBytes, fromStream, fromFile}) {
                assertThat(mode(blobs.path(id))).as(id).isEqualTo(FILE);
                assertThat(mode(blobs.path(id).getParent())).as(id).isEqualTo(DIR);
            }
        }
    }

    @Test
    void anExistingWorldReadableDataFolderIsNarrowedAtStart() throws Exception {
        Path data = tmp.resolve("old");
        Files.createDirectories(data.resolve("blobs/ab"));
        Files.writeString(data.resolve("storyreel.mv.db"), "db");
        Files.writeString(data.resolve("blobs/ab/cdef"), "blob");
        try (Stream<Path> all = Files.walk(data)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }

        int changed = new DataDir(data).prepare();

        assertThat(changed).isEqualTo(5);
        assertThat(mode(data)).isEqualTo(DIR);
        assertThat(mode(data.resolve("blobs/ab"))).isEqualTo(DIR);
        assertThat(mode(data.resolve("storyreel.mv.db"))).isEqualTo(FILE);
        assertThat(mode(data.resolve("blobs/ab/cdef"))).isEqualTo(FILE);
        assertThat(new DataDir(data).prepare()).isZero();
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
