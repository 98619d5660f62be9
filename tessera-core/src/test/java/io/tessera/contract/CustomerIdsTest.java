package io.tessera.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One id instance per customer value, made by CustomerId's own rules. */
class CustomerIdsTest {
  @Test
  void givenEqualValuesInNewStrings_thenTheFirstIdAndItsStringAreHandedOut() {
    CustomerIds ids = new CustomerIds();
    CustomerId first = ids.of(new String("C0000001"));
    assertThat(ids.of(new String("C0000001"))).isSameAs(first);
    assertThat(ids.value(new String("C0000001"))).isSameAs(first.value());
    assertThat(ids.of("C0000002")).isNotSameAs(first).isEqualTo(CustomerId.of("C0000002"));
  }

  @Test
  void givenAPaddedValue_thenItIsTheStrippedValuesId() {
    CustomerIds ids = new CustomerIds();
    CustomerId padded = ids.of(" c1 ");
    assertThat(padded.value()).isEqualTo("c1");
    assertThat(ids.of("c1")).isSameAs(padded);
    assertThat(ids.of(" c1 ")).isSameAs(padded);
    CustomerIds other = new CustomerIds();
    CustomerId plain = other.of("c1");
    assertThat(other.of("\tc1")).isSameAs(plain);
  }

  @Test
  void givenAnInvalidValue_thenCustomerIdsOwnMessageIsThrown() {
    CustomerIds ids = new CustomerIds();
    assertThatThrownBy(() -> ids.of(" ")).hasMessage("customer_id is empty");
    assertThatThrownBy(() -> ids.of("x".repeat(CustomerId.MAX_LENGTH + 1)))
        .hasMessageContaining("longer than");
  }

  @Test
  void givenThreadsAskingAtOnce_thenTheyAllGetOneInstance() throws Exception {
    CustomerIds ids = new CustomerIds();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<CustomerId>>> asked = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        asked.add(
            pool.submit(
                () -> {
                  List<CustomerId> got = new ArrayList<>();
                  for (int i = 0; i < 5_000; i++) {
                    got.add(ids.of(new String("c" + i)));
                  }
                  return got;
                }));
      }
      List<CustomerId> first = asked.get(0).get();
      for (Future<List<CustomerId>> f : asked) {
        List<CustomerId> got = f.get();
        for (int i = 0; i < got.size(); i++) {
          assertThat(got.get(i)).isSameAs(first.get(i));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
