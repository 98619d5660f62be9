/**
 * What customers write: language detection, tokenisation (Lucene Nori for Korean, Lucene's standard
 * analyzer for English), sentiment by lexicon rules and by a trained classifier, complaint
 * detection and topics. Everything here works on strings and primitive arrays; outputs and the
 * profile aggregators build on {@link io.tessera.text.TextScorer}.
 */
package io.tessera.text;
