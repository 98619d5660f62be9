package io.tessera.identity;

/**
 * One identifier value of one kind, e.g. {@code email h:3f...}. Email and phone values are keyed
 * pseudonyms, never the raw address or number.
 */
public record Identifier(IdentifierKind kind, String value) implements Comparable<Identifier> {
  public Identifier {
    if (kind == null || value == null || value.isBlank()) {
      throw new IllegalArgumentException("an identifier needs a kind and a value");
    }
  }

  @Override
  public int compareTo(Identifier o) {
    int c = kind.compareTo(o.kind);
    return c != 0 ? c : value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return kind + ":" + value;
  }
}
