/**
 * The self-contained HTML report: {@link io.tessera.report.ReportModel} holds what it shows, {@link
 * io.tessera.report.HtmlReport} writes it as one file with ECharts inlined from its WebJar, in
 * English or Korean, readable offline. The model is embedded as JSON ({@link
 * io.tessera.report.ReportJson}) and the charts are drawn from it in the browser.
 */
package io.tessera.report;
