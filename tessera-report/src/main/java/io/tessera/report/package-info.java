/** The self-contained HTML report: one file with the chart library inlined, readable offline. */
package io.tessera.report;
