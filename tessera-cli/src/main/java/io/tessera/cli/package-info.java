/**
 * The {@code tessera} command line: picocli commands wired in {@link io.tessera.cli.Main}. They
 * parse flags and print; the batch run itself is {@code io.tessera.pipeline.Pipeline}.
 */
package io.tessera.cli;
