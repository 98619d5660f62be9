/** Work a stage runs beside the run's thread: {@link io.tessera.pipeline.work.Side}. */
package io.tessera.pipeline.work;
