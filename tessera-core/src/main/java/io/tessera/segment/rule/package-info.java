/**
 * Rule segments: a small expression language over profile fields and windowed event counts, e.g.
 * {@code count(add_to_cart, 7d) >= 3 and count(purchase, 7d) == 0}, parsed into a sealed syntax
 * tree ({@link io.tessera.segment.rule.RuleExpr}) and evaluated against one customer's profile. The
 * grammar is in {@link io.tessera.segment.rule.RuleParser}.
 */
package io.tessera.segment.rule;
