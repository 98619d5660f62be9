package io.tessera.ingest;

import io.tessera.privacy.PersonalData;
import io.tessera.privacy.Pseudonymizer;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What validation needs to know about a run.
 *
 * @param zone zone of timestamps without an offset
 * @param now the run's wall-clock time (later timestamps are in the future)
 * @param baseCurrency the currency all amounts are converted to
 * @param rates units of the base currency per unit of each currency; the base itself is implied
 * @param pseudonymizer keyed pseudonyms for email and phone, or null to store normalised values
 * @param botEventsPerMinute more events than this from one id in one minute marks a bot
 * @param personalData the rule for events' properties, extra columns and ids (core's {@link
 *     PersonalData}, with the same key as {@code pseudonymizer})
 */
public record IngestSettings(
    ZoneId zone,
    Instant now,
    String baseCurrency,
    Map<String, Double> rates,
    Pseudonymizer pseudonymizer,
    int botEventsPerMinute,
    PersonalData personalData) {

  /** Settings with the default allowlists of {@link PersonalData}. */
  public IngestSettings(
      ZoneId zone,
      Instant now,
      String baseCurrency,
      Map<String, Double> rates,
      Pseudonymizer pseudonymizer,
      int botEventsPerMinute) {
    this(
        zone,
        now,
        baseCurrency,
        rates,
        pseudonymizer,
        botEventsPerMinute,
        pseudonymizer == null
            ? PersonalData.allowlistOnly(null, null)
            : PersonalData.of(null, null, pseudonymizer));
  }

  /** User agents of crawlers and automation (bot detection, INGEST-CONTRACT). */
  public static final Pattern BOT_USER_AGENT = Pattern.compile("(?i)(bot|crawler|spider|headless)");

  public IngestSettings {
    if (zone == null || now == null) {
      throw new IllegalArgumentException("zone and now are required");
    }
    if (baseCurrency == null || !io.tessera.contract.Money.isCurrencyCode(baseCurrency)) {
      throw new IllegalArgumentException(
          "currency must be a three-letter ISO-4217 code such as USD, got: " + baseCurrency);
    }
    rates = rates == null ? Map.of() : Map.copyOf(rates);
    rates.forEach(
        (c, r) -> {
          if (!(r > 0) || !Double.isFinite(r)) {
            throw new IllegalArgumentException(
                "the rate of " + c + " must be a positive number, got: " + r);
          }
        });
    if (personalData == null) {
      throw new IllegalArgumentException("personalData is required");
    }
    if (botEventsPerMinute < 1) {
      throw new IllegalArgumentException(
          "bots.max_events_per_minute must be at least 1, got: " + botEventsPerMinute);
    }
  }

  /** The rate of a currency to the base, or null when there is none. */
  public Double rate(String currency) {
    return currency.equals(baseCurrency) ? Double.valueOf(1.0) : rates.get(currency);
  }
}
