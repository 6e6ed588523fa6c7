-- Templates (issue 20): a storybook's settings saved under a name, with its prompts when asked, to apply to another
-- storybook. Personal (scope USER, owner_key = the member's user key, usable in any chat) or shared with the group
-- chat it was saved in (scope CHAT, owner_key = the chat key, usable by every member there and nowhere else).
CREATE TABLE template (
    id            VARCHAR(36) PRIMARY KEY,
    scope         VARCHAR(8) NOT NULL,
    owner_key     VARCHAR(100) NOT NULL,
    name          VARCHAR(32) NOT NULL,
    saved_by      VARCHAR(100) NOT NULL,
    provider      VARCHAR(40),
    settings_json VARCHAR(8000) NOT NULL,
    prompts_json  VARCHAR(20000),
    created_at    BIGINT NOT NULL,
    CONSTRAINT template_name UNIQUE (scope, owner_key, name)
);
