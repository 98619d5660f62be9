package io.tessera.recommend;

import java.util.List;
import java.util.Set;

/** A fitted recommender: the top items for one customer, each with a score and a reason. */
public interface Recommender {
  /** Which method this is. */
  Method method();

  /**
   * Up to {@code n} items for {@code customer}, best first, none of them in {@code exclude}. A
   * customer the model knows nothing about gets what the method can say without them (possibly
   * nothing).
   */
  List<Scored> recommend(String customer, int n, Set<String> exclude);

  /** The items of {@link #recommend} alone; a method may skip the work its reasons need. */
  default List<String> items(String customer, int n, Set<String> exclude) {
    return recommend(customer, n, exclude).stream().map(Scored::item).toList();
  }

  /**
   * One scored item.
   *
   * @param item the product id
   * @param score the method's score
   * @param reason why
   */
  record Scored(String item, double score, Reason reason) {}
}
