package io.tessera.report;

/**
 * The checks every part of a {@link ReportModel} makes of its values, with the report's messages.
 */
final class ReportChecks {
  private ReportChecks() {}

  static void requireText(String s, String what) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException("report: " + what + " is missing");
    }
  }

  static void requireCount(long n, String what) {
    if (n < 0) {
      throw new IllegalArgumentException("report: " + what + " must not be negative, got " + n);
    }
  }

  static void requireFinite(double x, String what) {
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException("report: " + what + " must be a finite number, got " + x);
    }
  }

  static void requireFraction(double x, String what) {
    if (!(x >= 0 && x <= 1)) {
      throw new IllegalArgumentException("report: " + what + " must be in [0, 1], got " + x);
    }
  }
}
