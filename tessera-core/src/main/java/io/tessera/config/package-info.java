/**
 * What every module shares about configuration: {@link io.tessera.config.ConfigException}, the one
 * type for a problem the user must fix in a config, a flag, an input file or a saved model file.
 * Its message names the key (or file and key) and says what to do.
 */
package io.tessera.config;
