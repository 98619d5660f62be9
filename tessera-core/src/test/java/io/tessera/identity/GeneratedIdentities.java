package io.tessera.identity;

import io.tessera.contract.Customer;
import io.tessera.contract.Event;
import io.tessera.contract.Source;
import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.ingest.IngestSettings;
import io.tessera.ingest.Rejection;
import io.tessera.ingest.RowValidator;
import io.tessera.privacy.Pseudonymizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A generated shop with planted identities, its customers and events read back through the same
 * {@link RowValidator} ingestion uses (pseudonymised with a test key), and its truth. The CSV
 * reading is a test stand-in for tessera-store's ingest, which core may not depend on.
 */
record GeneratedIdentities(
    List<Account> accounts, List<Sighting> sightings, List<IdentityEvaluation.Truth> truth) {

  static final String KEY = "identity-test-key-of-enough-length";

  static GeneratedIdentities generate(GeneratorOptions options, Path dir) {
    try {
      SyntheticShop.write(options, dir);
      Map<String, Double> rates = new HashMap<>();
      for (String[] r : rows(dir.resolve("currency_rates.csv"))) {
        rates.put(r[0], Double.parseDouble(r[1]));
      }
      IngestSettings settings =
          new IngestSettings(
              ZoneOffset.UTC,
              options.endDate().plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant(),
              "USD",
              rates,
              new Pseudonymizer(KEY),
              1_000);
      List<Account> accounts = new ArrayList<>();
      java.util.Set<String> rows = new java.util.HashSet<>();
      for (Object o : records(dir, Source.CUSTOMERS, settings)) {
        Customer c = (Customer) o;
        accounts.add(Account.of(c, List.of(), c.consent().allowsProfiling()));
        rows.add(c.customerId().value());
      }
      List<Sighting> sightings = new ArrayList<>();
      for (Object o : records(dir, Source.EVENTS, settings)) {
        sightings.add(Sighting.of((Event) o));
      }
      // a customer without consent whose row an injected fault quarantined is, by the configured
      // default (consent unknown: allowed), profiled like anyone: the truth cannot hold them apart
      List<IdentityEvaluation.Truth> truth =
          IdentityEvaluation.read(dir.resolve("truth/identities.csv")).stream()
              .filter(t -> !t.role().equals("no_consent") || rows.contains(t.person()))
              .toList();
      return new GeneratedIdentities(accounts, sightings, truth);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  IdentityGraph resolve(IdentityOptions options) {
    return IdentityResolver.resolve(accounts, sightings, options);
  }

  private static List<Object> records(Path dir, Source source, IngestSettings settings)
      throws IOException {
    List<String[]> rows =
        io.tessera.segment.cluster.CsvForTests.parse(
            Files.readString(dir.resolve(source.fileStem() + ".csv"), StandardCharsets.UTF_8));
    RowValidator validator = new RowValidator(source, Arrays.asList(rows.get(0)), settings);
    List<Object> out = new ArrayList<>();
    for (String[] row : rows.subList(1, rows.size())) {
      try {
        out.add(validator.validate(row));
      } catch (Rejection e) {
        // a fault the generator injected: ingestion quarantines the row, so resolution never sees
        // it
      }
    }
    return out;
  }

  private static List<String[]> rows(Path file) throws IOException {
    List<String[]> rows =
        io.tessera.segment.cluster.CsvForTests.parse(
            Files.readString(file, StandardCharsets.UTF_8));
    return rows.subList(1, rows.size());
  }
}
