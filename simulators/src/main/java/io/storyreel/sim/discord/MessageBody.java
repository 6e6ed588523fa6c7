package io.storyreel.sim.discord;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.multipart.Multipart;

import java.util.List;

/**
 * A message body the bot sent: its JSON (the whole body, or the {@code payload_json} part of a multipart upload), the
 * file parts, and whether any file is over the upload limit (answered 413 / 40005 before anything is stored).
 */
record MessageBody(JsonNode json, List<Multipart.Part> files, boolean tooLarge) {
}
