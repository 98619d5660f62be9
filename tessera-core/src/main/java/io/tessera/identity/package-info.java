/**
 * Identity resolution: one customer from many identifiers. An identity graph over the contract's
 * identifiers (accounts, pseudonymised email and phone, devices, anonymous ids, configured identity
 * columns) with deterministic links, Fellegi-Sunter probabilistic links whose m/u probabilities are
 * estimated by EM, guard rails (shared, conflicting, malformed identifiers; consent) and an
 * un-merge that re-splits profiles exactly. Used by the batch run and the live engine alike.
 */
package io.tessera.identity;
