package io.tessera.report;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;

/** Numbers, money and percentages written for a reader of one language. */
final class Fmt {
  private static final DateTimeFormatter UTC_MINUTES =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final Lang lang;
  private final Currency currency;

  Fmt(Lang lang, String currencyCode) {
    this.lang = lang;
    this.currency = Currency.getInstance(currencyCode);
  }

  /** 12,345 */
  String count(long n) {
    return NumberFormat.getIntegerInstance(lang.locale()).format(n);
  }

  /** 12.3% (one decimal; below 0.1% but above zero as "<0.1%") */
  String percent(double fraction) {
    if (fraction > 0 && fraction < 0.0005) {
      return "<0.1%";
    }
    NumberFormat f = NumberFormat.getPercentInstance(lang.locale());
    f.setMaximumFractionDigits(1);
    f.setMinimumFractionDigits(1);
    return f.format(fraction);
  }

  /** 1,234.56 (at most two decimals) */
  String number(double x) {
    NumberFormat f = NumberFormat.getNumberInstance(lang.locale());
    f.setMaximumFractionDigits(Math.abs(x) >= 100 ? 0 : 2);
    return f.format(x);
  }

  /** 1.07M in English, 107만 in Korean, from 10,000 up; below as {@link #number}. */
  String shortNumber(double x) {
    if (Math.abs(x) < 10_000) {
      return number(x);
    }
    NumberFormat f = NumberFormat.getCompactNumberInstance(lang.locale(), NumberFormat.Style.SHORT);
    f.setMaximumFractionDigits(2);
    return f.format(x);
  }

  /** 1.25x */
  String ratio(double x) {
    NumberFormat f = NumberFormat.getNumberInstance(lang.locale());
    f.setMaximumFractionDigits(2);
    f.setMinimumFractionDigits(2);
    return f.format(x) + "×";
  }

  /** £1,234 */
  String money(double amount) {
    NumberFormat f = NumberFormat.getCurrencyInstance(lang.locale());
    f.setCurrency(currency);
    // whole units from 100 up; below, the currency's own decimals (none for KRW or JPY)
    int digits = Math.abs(amount) >= 100 ? 0 : Math.max(0, currency.getDefaultFractionDigits());
    f.setMaximumFractionDigits(digits);
    f.setMinimumFractionDigits(digits);
    return f.format(amount);
  }

  /** £1.2M in English, £120만 in Korean */
  String compactMoney(double amount) {
    NumberFormat f = NumberFormat.getCompactNumberInstance(lang.locale(), NumberFormat.Style.SHORT);
    f.setMaximumFractionDigits(1);
    return currency.getSymbol(lang.locale()) + f.format(amount);
  }

  /** 2026-11-25 05:42 UTC */
  static String instant(Instant t) {
    return UTC_MINUTES.format(t);
  }
}
