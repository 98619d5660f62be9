/**
 * What makes a segment a segment: its distinguishing features, a readable name in English and
 * Korean from its strongest traits, its journey stage and actions, and each member's reasons.
 */
package io.tessera.segment.profile;
