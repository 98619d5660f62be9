/**
 * The synthetic shop generator: personas with distinct behaviour, seasonality, faults injected at a
 * chosen rate, and a truth/ folder to evaluate segments, churn and data checks against.
 */
package io.tessera.generate;
