package io.storyreel.core.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storyreel.core.storage.Database;
import io.storyreel.core.storage.Jdbc;
import io.storyreel.core.storybook.StorybookSettings;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Rows of {@code template}. What a member sees in a chat is their own templates and, in a group, the group's: the
 * group's come first when both have the name.
 */
public final class TemplateRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, scope, owner_key, name, saved_by, provider, settings_json, prompts_json, "
            + "created_at";

    private final Jdbc sql;
    private final Clock clock;

    public TemplateRepository(Database db, Clock clock) {
        this.sql = new Jdbc(db.dataSource());
        this.clock = clock;
    }

    /** Saves (or replaces) the template {@code name} of this owner; returns whether one was replaced. */
    public boolean save(Template.Scope scope, String ownerKey, String name, String savedBy, String provider,
                        StorybookSettings settings, List<String> prompts) {
        return sql.inTransaction(c -> {
            int gone = Jdbc.update(c, "DELETE FROM template WHERE scope = ? AND owner_key = ? AND name = ?",
                    scope.name(), ownerKey, name);
            Jdbc.update(c, "INSERT INTO template (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    UUID.randomUUID().toString(), scope.name(), ownerKey, name, savedBy, provider, settings.toJson(),
                    prompts.isEmpty() ? null : json(prompts), clock.millis());
            return gone > 0;
        });
    }

    /** The templates {@code userKey} may use in the chat {@code groupKey} (null in a private chat), group's first. */
    public List<Template> visible(String userKey, String groupKey) {
        return sql.query("SELECT " + COLUMNS + " FROM template WHERE (scope = 'USER' AND owner_key = ?)"
                        + " OR (scope = 'CHAT' AND owner_key = ?) ORDER BY scope, name", TemplateRepository::map,
                userKey, groupKey == null ? "" : groupKey);
    }

    public Optional<Template> find(String userKey, String groupKey, String name) {
        return visible(userKey, groupKey).stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public Optional<Template> byId(String id) {
        return sql.one("SELECT " + COLUMNS + " FROM template WHERE id = ?", TemplateRepository::map, id);
    }

    public boolean delete(String id) {
        return sql.update("DELETE FROM template WHERE id = ?", id) > 0;
    }

    private static Template map(ResultSet rs) throws SQLException {
        String prompts = rs.getString("prompts_json");
        return new Template(rs.getString("id"), Template.Scope.valueOf(rs.getString("scope")), rs.getString("owner_key"),
                rs.getString("name"), rs.getString("saved_by"), rs.getString("provider"),
                StorybookSettings.fromJson(rs.getString("settings_json")),
                prompts == null ? List.of() : read(prompts), rs.getLong("created_at"));
    }

    private static String json(List<String> prompts) {
        try {
            return JSON.writeValueAsString(prompts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> read(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt template prompts", e);
        }
    }
}
