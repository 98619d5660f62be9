package io.tessera.pipeline.ingest;

import io.tessera.contract.Source;
import io.tessera.ingest.DataHealth;
import io.tessera.store.BatchQueries;
import io.tessera.store.Ingestor;
import io.tessera.store.Store;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The inputs of a run over tables already in a store (the server's): each contract table that holds
 * rows, in the contract's order, as a source the run read in full. Nothing is re-validated: the
 * rows were checked when they were stored.
 */
public final class StoreTables {
  private StoreTables() {}

  /** What the store holds, as an ingestion would have reported it. */
  public static Ingestor.Result describe(Store store) {
    Map<String, DataHealth.SourceHealth> sources = new LinkedHashMap<>();
    Map<String, Ingestor.Input> inputs = new LinkedHashMap<>();
    for (Source s : Source.values()) {
      String table = s.fileStem();
      long rows = BatchQueries.rows(store, table);
      if (rows == 0) {
        continue;
      }
      sources.put(table, new DataHealth.SourceHealth(rows, rows, 0, Map.of(), Map.of(), Map.of()));
      inputs.put(table, new Ingestor.Input("store table " + table, rows, null));
    }
    return new Ingestor.Result(
        new DataHealth(DataHealth.FORMAT_VERSION, sources, java.util.List.of()), inputs);
  }
}
