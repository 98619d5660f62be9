package io.tessera.segment.cluster;

import io.tessera.contract.Customer;
import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.Interaction;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.contract.Review;
import io.tessera.contract.Source;
import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.OrdersShop;
import io.tessera.generate.SyntheticShop;
import io.tessera.ingest.IngestSettings;
import io.tessera.ingest.Rejection;
import io.tessera.ingest.RowValidator;
import io.tessera.profile.ProfileFold;
import io.tessera.profile.ProfileTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A generated shop read back into contract records and folded into profiles, in memory, with each
 * customer's planted persona from {@code truth/customers.csv}. The CSV reading here is a test
 * stand-in for tessera-store's DuckDB ingest (which tessera-core may not depend on); the rows go
 * through the same {@link RowValidator}.
 *
 * @param profiles the folded profiles
 * @param customers the customers file's rows
 * @param personas each customer's planted persona
 * @param asOf the last observed day
 */
record GeneratedPopulation(
    ProfileTable profiles,
    List<Customer> customers,
    Map<CustomerId, String> personas,
    LocalDate asOf) {

  static GeneratedPopulation generate(int customers, long seed, Path dir) {
    GeneratorOptions options = new GeneratorOptions(customers, 365, seed, 0.0, null);
    try {
      SyntheticShop.write(options, dir);
      return read(dir, options.endDate());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The second generator's orders-only shop ({@link OrdersShop}), with each customer's planted type
   * as the persona.
   */
  static GeneratedPopulation ordersShop(int customers, long seed, Path dir) {
    OrdersShop.Options options = OrdersShop.Options.of(customers, seed);
    try {
      OrdersShop.write(options, dir);
      return read(dir, options.endDate());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a generated folder: the contract files it has (a missing one is empty), its currency
   * rates and truth/customers.csv (customer id, then persona or type).
   */
  static GeneratedPopulation read(Path dir, LocalDate asOf) throws IOException {
    Map<String, Double> rates = new HashMap<>();
    for (String[] r : read(dir.resolve("currency_rates.csv"))) {
      rates.put(r[0], Double.parseDouble(r[1]));
    }
    IngestSettings settings =
        new IngestSettings(
            ZoneOffset.UTC,
            asOf.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant(),
            "USD",
            rates,
            null,
            1_000);
    List<Customer> people = records(dir, Source.CUSTOMERS, settings, Customer.class);
    ProfileTable profiles =
        ProfileFold.fold(
            ProfileFold.Inputs.of(
                records(dir, Source.ORDERS, settings, Order.class),
                records(dir, Source.ORDER_ITEMS, settings, OrderItem.class),
                records(dir, Source.EVENTS, settings, Event.class),
                records(dir, Source.INTERACTIONS, settings, Interaction.class),
                records(dir, Source.REVIEWS, settings, Review.class)),
            ProfileFold.Options.defaults()
                .withUntil(asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
    Map<CustomerId, String> personas = new HashMap<>();
    for (String[] r : read(dir.resolve("truth").resolve("customers.csv"))) {
      personas.put(CustomerId.of(r[0]), r[1]);
    }
    return new GeneratedPopulation(profiles, people, personas, asOf);
  }

  /** The personas of the given rows as integer labels (in order of first appearance). */
  int[] personaLabels(List<CustomerId> ids) {
    Map<String, Integer> codes = new HashMap<>();
    int[] out = new int[ids.size()];
    for (int i = 0; i < out.length; i++) {
      String p = personas.get(ids.get(i));
      if (p == null) {
        throw new IllegalStateException("no persona for " + ids.get(i));
      }
      out[i] = codes.computeIfAbsent(p, k -> codes.size());
    }
    return out;
  }

  private static <T> List<T> records(
      Path dir, Source source, IngestSettings settings, Class<T> type) throws IOException {
    Path file = dir.resolve(source.fileStem() + ".csv");
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    List<String[]> rows = parse(Files.readString(file, StandardCharsets.UTF_8));
    RowValidator validator = new RowValidator(source, Arrays.asList(rows.get(0)), settings);
    List<T> out = new ArrayList<>();
    for (String[] row : rows.subList(1, rows.size())) {
      try {
        out.add(type.cast(validator.validate(row)));
      } catch (Rejection e) {
        throw new IllegalStateException(
            source.fileStem() + " row rejected in a shop without faults: " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static List<String[]> read(Path file) throws IOException {
    List<String[]> rows = parse(Files.readString(file, StandardCharsets.UTF_8));
    return rows.subList(1, rows.size());
  }

  /** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
  static List<String[]> parse(String text) {
    List<String[]> rows = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        fields.add(field.toString());
        field.setLength(0);
        rows.add(fields.toArray(String[]::new));
        fields.clear();
      } else {
        field.append(c);
      }
    }
    if (field.length() > 0 || !fields.isEmpty()) {
      fields.add(field.toString());
      rows.add(fields.toArray(String[]::new));
    }
    return rows;
  }
}
