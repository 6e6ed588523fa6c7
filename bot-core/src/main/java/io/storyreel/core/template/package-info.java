/**
 * Templates: a storybook's settings (provider, model, parameters, mode, duration, resolution, style, negative prompt,
 * transitions, captions, music) and, when asked, its prompts, saved under a name to apply to another storybook;
 * personal, or shared with the group chat they were saved in. Also the style presets, bundled and operator-extensible
 * YAML, each a style suffix, negative prompt and parameter defaults.
 */
package io.storyreel.core.template;
