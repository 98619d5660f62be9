package io.tessera.report;

/**
 * One part of the report written into an {@link HtmlReport}: what every section writer reads (the
 * model, the language, the number formats) and the page it appends to.
 */
abstract class SectionHtml {
  final HtmlReport r;
  final ReportModel model;
  final Lang lang;
  final Fmt fmt;
  final StringBuilder out;

  SectionHtml(HtmlReport r) {
    this.r = r;
    this.model = r.model;
    this.lang = r.lang;
    this.fmt = r.fmt;
    this.out = r.out;
  }

  /** Appends the section. */
  abstract void write();
}
