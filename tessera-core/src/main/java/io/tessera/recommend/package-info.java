/**
 * Recommendations: association rules from baskets (FP-growth), item-to-item collaborative
 * filtering, implicit-feedback matrix factorisation (ALS), popularity baselines, the products that
 * lift most in each segment, and their evaluation on a time split. Every recommendation carries a
 * typed reason.
 */
package io.tessera.recommend;
