package io.tessera.store;

import io.tessera.contract.Source;
import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.ingest.IngestSettings;
import io.tessera.ingest.RowValidator;
import io.tessera.privacy.Pseudonymizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * JMH benchmark of ingest's per-row kernel on one thread, on a generated shop (2,000 customers,
 * seed 42, 1% faults): {@code read} is the CSV reader alone ({@link CsvRowSource}); {@code
 * readValidateFormat} is what ingest does with every row before DuckDB's COPY (read, validate and
 * pseudonymise with {@link RowValidator}, format the bulk-load CSV or the quarantine entry: {@link
 * Ingestor#work}). One operation is one pass over the source's file; the setup prints its rows. Not
 * a test: run {@link #main} from tessera-store's test classpath (see the README, Benchmarks).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IngestKernelBench {
  @Param({"events", "orders", "customers"})
  public String source;

  private Path dir;
  private Path file;
  private Source contract;
  private IngestSettings settings;

  @Setup(Level.Trial)
  public void generate() throws IOException {
    dir = Files.createTempDirectory("tessera-kernel-bench");
    SyntheticShop.write(new GeneratorOptions(2_000, 365, 42, 0.01, null), dir);
    file = dir.resolve(source + ".csv");
    contract = Source.valueOf(source.toUpperCase(java.util.Locale.ROOT));
    Pseudonymizer masker = new Pseudonymizer("kernel-bench-key-0123456789");
    settings =
        new IngestSettings(
            ZoneOffset.UTC, Instant.parse("2027-01-01T00:00:00Z"), "USD", Map.of(), masker, 120);
    long rows = 0;
    try (CsvRowSource r = new CsvRowSource(file)) {
      while (r.next()) {
        rows++;
      }
    }
    System.out.printf("%n%s: %,d rows, %,d bytes%n", file.getFileName(), rows, Files.size(file));
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        if (Files.isRegularFile(p)) {
          Files.delete(p);
        }
      }
    }
  }

  @Benchmark
  public long read(Blackhole bh) throws IOException {
    long rows = 0;
    try (CsvRowSource r = new CsvRowSource(file)) {
      while (r.next()) {
        bh.consume(r.fields());
        rows++;
      }
    }
    return rows;
  }

  @Benchmark
  public long readValidateFormat(Blackhole bh) throws IOException {
    long accepted = 0;
    try (CsvRowSource r = new CsvRowSource(file)) {
      List<String> header = r.header();
      RowValidator v = new RowValidator(contract, header, settings);
      List<String> columns = new ArrayList<>(contract.requiredColumns());
      columns.addAll(contract.optionalColumns());
      int[] index = columns.stream().mapToInt(c -> Ingestor.indexOf(header, c)).toArray();
      List<Ingestor.Read> batch = new ArrayList<>(Ingestor.BATCH_ROWS);
      while (true) {
        boolean more = r.next();
        if (more) {
          batch.add(
              new Ingestor.Read(r.line(), r.fields(), Ingestor.readProblem(r, header.size())));
        }
        if (batch.size() == Ingestor.BATCH_ROWS || (!more && !batch.isEmpty())) {
          Ingestor.Done d = Ingestor.work(settings, contract, batch, header, index, v);
          bh.consume(d);
          accepted += d.accepted();
          batch = new ArrayList<>(Ingestor.BATCH_ROWS);
        }
        if (!more) {
          break;
        }
      }
    }
    return accepted;
  }

  public static void main(String[] args) throws RunnerException {
    var options = new OptionsBuilder().include(IngestKernelBench.class.getName());
    if (args.length > 0) {
      options.param("source", args);
    }
    new Runner(options.build()).run();
  }
}
