package io.tessera.profile;

import io.tessera.contract.Interaction;

/** Service interactions: how many, and how many were complaints. */
public final class InteractionCounts implements Aggregator<Interaction, InteractionCounts> {
  private int total;
  private int complaints;

  @Override
  public void add(Interaction interaction) {
    total++;
    if (interaction.kind() == Interaction.Kind.COMPLAINT) {
      complaints++;
    }
  }

  @Override
  public void merge(InteractionCounts other) {
    total += other.total;
    complaints += other.complaints;
  }

  @Override
  public InteractionCounts copy() {
    InteractionCounts c = new InteractionCounts();
    c.merge(this);
    return c;
  }

  public int total() {
    return total;
  }

  public int complaints() {
    return complaints;
  }
}
