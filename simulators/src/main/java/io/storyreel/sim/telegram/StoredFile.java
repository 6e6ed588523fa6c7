package io.storyreel.sim.telegram;

/** A file the fake world keeps: reachable by {@code file_id} through {@code getFile} and by its path for download. */
final class StoredFile {
    final String fileId;
    final String uniqueId;
    final String path;
    final byte[] bytes;
    int width;
    int height;

    StoredFile(String fileId, String uniqueId, String path, byte[] bytes) {
        this.fileId = fileId;
        this.uniqueId = uniqueId;
        this.path = path;
        this.bytes = bytes;
    }
}
