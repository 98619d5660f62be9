/**
 * The {@code tessera} command line: one class per subcommand, wired in {@link io.tessera.cli.Main}.
 */
package io.tessera.cli;
