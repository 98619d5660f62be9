package io.tessera.server.runs;

import java.nio.file.Path;

/**
 * The batch pipeline ({@code tessera run}) as the server calls it. tessera-cli depends on this
 * module, so {@code tessera serve} registers the CLI's run code here rather than the server calling
 * the CLI.
 */
@FunctionalInterface
public interface BatchRunner {
  /**
   * Runs the batch pipeline over a data folder of contract CSV files.
   *
   * @param data the folder with customers.csv, orders.csv, ... (the contract's file names)
   * @param out the folder for the run's outputs (models/clustering.json among them)
   * @throws Exception with a message for the run's status when the run fails
   */
  void run(Path data, Path out) throws Exception;
}
