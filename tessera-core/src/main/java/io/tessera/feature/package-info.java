/**
 * Feature matrices (DESIGN.md "Core ideas" 3): named primitive {@code double[]} columns built from
 * profiles and numeric customer attributes, and a recorded, JSON-serialisable transform (impute
 * with an indicator, winsorise, log1p, then standardise or scale robustly) fitted once and applied
 * to a population or to one new customer.
 */
package io.tessera.feature;
