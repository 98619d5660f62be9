package io.tessera.pipeline.churn;

import io.tessera.contract.Customer;
import io.tessera.contract.CustomerId;
import io.tessera.contract.Order;
import io.tessera.pipeline.AsOf;
import io.tessera.pipeline.rfm.CustomerStage;
import io.tessera.predict.churn.ChurnData;
import io.tessera.predict.churn.ChurnLabels;
import io.tessera.predict.churn.ChurnMetrics;
import io.tessera.predict.churn.ChurnTrainer;
import io.tessera.predict.churn.TrainedChurn;
import io.tessera.profile.ProfileFold;
import io.tessera.store.Store;
import io.tessera.store.StoreRecords;
import io.tessera.store.TesseraConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The learning curve behind {@link ChurnSettings#DEFAULT_TRAINING_SAMPLE}: the churn stage's
 * time-split rows of every buyer are built once from a store; the buyers whose id's MD5 is among
 * the largest fifth (of every customer with a completed order) are held out, and for each given
 * sample size the stage's trainer (its settings: candidates, folds, calibration) is fitted on the
 * rows of the customers {@code churn.training_sample} would draw at that size (the smallest MD5s),
 * printing the kept model's ROC-AUC on the held-out rows, its own cross-validated ROC-AUC and the
 * training's process CPU. The largest size is the whole rest (the full fit). Run on a copy of a
 * store (DuckDB opens it for writing):
 *
 * <pre>
 * java -cp ... io.tessera.pipeline.churn.ChurnSampleCurve STORE DATA_DIR OUT 25000 50000 100000
 * </pre>
 *
 * Not a test: figures are printed, never asserted.
 */
public final class ChurnSampleCurve {
  private ChurnSampleCurve() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: ChurnSampleCurve STORE DATA_DIR OUT SIZES... (STORE: a copy)");
      System.exit(2);
    }
    TesseraConfig config = TesseraConfig.forDataDir(Path.of(args[1]));
    ChurnSettings settings = ChurnSettings.parse(config.raw());
    try (Store store = Store.open(Path.of(args[0]))) {
      LocalDate asOf = AsOf.decide(config, store);
      Set<String> excluded =
          CustomerStage.excluded(store, Path.of(args[2]), config.defaultProfilingAllowed());
      StoreRecords records = new StoreRecords(store, excluded);
      List<Customer> customers;
      try (var rows = records.customers()) {
        customers = rows.toList();
      }
      List<Order> orders;
      try (var rows = records.orders()) {
        orders = rows.toList();
      }
      // every buyer's hash, in order: a sample of n draws the first n
      String[] hashes =
          orders.stream()
              .filter(o -> o.status() == io.tessera.contract.OrderStatus.COMPLETED)
              .map(o -> io.tessera.store.CustomerSample.md5(o.customerId().value()))
              .distinct()
              .sorted()
              .toArray(String[]::new);
      int pool = hashes.length * 4 / 5;
      String heldFrom = hashes[pool];
      ProfileFold.Options fold =
          ProfileFold.Options.defaults().withSettings(config.profileSettings());
      CutoffProfiles cutoffs =
          new CutoffProfiles(
              records,
              orders,
              customers,
              fold,
              config.timezone(),
              settings.timeSplitFeatures(),
              null);
      ChurnLabels split = ChurnLabels.endingAt(asOf, settings.horizonDays());
      List<CustomerId> ids = new ArrayList<>();
      ChurnData x = cutoffs.buyersAsOf(split.cutoff(), ids);
      int[] y = split.churned(ids, orders, config.timezone());
      ChurnData data = x.withLabels(y);
      String[] rowHash =
          ids.stream()
              .map(i -> io.tessera.store.CustomerSample.md5(i.value()))
              .toArray(String[]::new);
      int[] held = rows(rowHash, heldFrom, null);
      int[] heldY = Arrays.stream(held).map(i -> y[i]).toArray();
      ChurnData heldOut = data.subset(held);
      System.out.printf(
          "%,d buyers, %,d training rows as of %s (%,d churned); held out: %,d rows of the last"
              + " fifth by hash; load %.2f%n",
          hashes.length,
          y.length,
          split.cutoff(),
          Arrays.stream(y).sum(),
          held.length,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      List<Integer> sizes = new ArrayList<>();
      for (int i = 3; i < args.length; i++) {
        sizes.add(Math.min(Integer.parseInt(args[i]), pool));
      }
      sizes.add(pool);
      for (int n : sizes) {
        int[] train = rows(rowHash, null, hashes[n - 1]);
        long cpu0 = cpu();
        TrainedChurn t = ChurnTrainer.train(data.subset(train), settings.trainerOptions());
        double cpu = (cpu() - cpu0) / 1e9;
        double auc = ChurnMetrics.rocAuc(t.probability(heldOut), heldY);
        System.out.printf(
            "sample %,7d customers (%,7d rows): kept %s, held-out ROC-AUC %.4f, CV ROC-AUC %.4f;"
                + " training %.1f s CPU; load %.2f%n",
            n,
            train.length,
            t.classifier().id(),
            auc,
            t.evaluation().rocAuc(),
            cpu,
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      }
    }
  }

  /**
   * The rows whose hash is at least {@code from} (null: any) and at most {@code to} (null: any).
   */
  private static int[] rows(String[] rowHash, String from, String to) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < rowHash.length; i++) {
      if ((from == null || rowHash[i].compareTo(from) >= 0)
          && (to == null || rowHash[i].compareTo(to) <= 0)) {
        out.add(i);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
