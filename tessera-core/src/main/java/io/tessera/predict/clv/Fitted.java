package io.tessera.predict.clv;

import java.util.List;

/**
 * A maximum-likelihood fit and how it went.
 *
 * @param model the parameters (within their bounds)
 * @param converged false when the optimiser ran out of evaluations or the likelihood is not finite:
 *     the parameters are then not a maximum
 * @param atBounds the parameters at a bound of the search, e.g. [r, alpha] of a BG/NBD when every
 *     customer buys at about the same rate (the likelihood keeps rising towards a homogeneous
 *     population)
 * @param <M> the model
 */
public record Fitted<M>(M model, boolean converged, List<String> atBounds) {
  public Fitted {
    atBounds = List.copyOf(atBounds);
  }
}
