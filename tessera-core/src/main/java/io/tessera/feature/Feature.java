package io.tessera.feature;

import io.tessera.profile.ProfileField;
import io.tessera.profile.ProfileField.Kind;

/**
 * One feature a config can name: a profile field ({@code recency_days}), a category share ({@code
 * category_share:books}) or a numeric customer attribute ({@code attribute:survey_score}).
 */
public sealed interface Feature {
  String CATEGORY_PREFIX = "category_share:";
  String ATTRIBUTE_PREFIX = "attribute:";

  /** The name used in configs and as the column name. */
  String name();

  /** The kind of quantity, which decides the transform's defaults. */
  Kind kind();

  /** A named field of the profile. */
  record Profile(ProfileField field) implements Feature {
    @Override
    public String name() {
      return field.wireName();
    }

    @Override
    public Kind kind() {
      return field.kind();
    }
  }

  /** The customer's share of categorised spend in one product category. */
  record CategoryShare(String category) implements Feature {
    @Override
    public String name() {
      return CATEGORY_PREFIX + category;
    }

    @Override
    public Kind kind() {
      return Kind.SHARE;
    }
  }

  /** A column of the customers file holding numbers (a survey score, an income band). */
  record Attribute(String key) implements Feature {
    @Override
    public String name() {
      return ATTRIBUTE_PREFIX + key;
    }

    @Override
    public Kind kind() {
      return Kind.SCORE;
    }
  }

  /**
   * The feature a name stands for, without checking that some data has it (a saved model names the
   * features it was trained on; a customer scored later may lack a category or attribute, and then
   * has NaN there, as in a batch matrix).
   *
   * @throws IllegalArgumentException when the name is no profile field and has neither prefix
   */
  static Feature parse(String name) {
    String n = name == null ? "" : name.strip();
    var field = ProfileField.byName(n);
    if (field.isPresent()) {
      return new Profile(field.get());
    }
    if (n.startsWith(CATEGORY_PREFIX) && n.length() > CATEGORY_PREFIX.length()) {
      return new CategoryShare(n.substring(CATEGORY_PREFIX.length()));
    }
    if (n.startsWith(ATTRIBUTE_PREFIX) && n.length() > ATTRIBUTE_PREFIX.length()) {
      return new Attribute(n.substring(ATTRIBUTE_PREFIX.length()));
    }
    throw new IllegalArgumentException(
        "'"
            + n
            + "' is not a feature: name a profile field or use the prefix "
            + CATEGORY_PREFIX
            + " or "
            + ATTRIBUTE_PREFIX);
  }
}
