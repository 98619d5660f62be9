/**
 * What every fitted model shares when it is saved: its {@link io.tessera.model.ModelProvenance}
 * (input fingerprint, options, library versions, fit time, in the manner of Tribuo's
 * ModelProvenance) and the conventions of its JSON file ({@link io.tessera.model.ModelJson}: the
 * {@code format_version} check and the key look-ups whose errors name the file and the key).
 */
package io.tessera.model;
