package io.tessera.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LineFields#scan} (one loop per state) finds the same fields, plainness and reasons to give
 * a file back as the one-byte-at-a-time state machine it replaced, kept here as the reference.
 */
class LineFieldsTest {
  /** Bytes that steer the state machine, and ordinary ones. */
  private static final byte[] ALPHABET = {
    'a',
    'Z',
    '0',
    ':',
    '-',
    ' ',
    ',',
    ',',
    '"',
    '"',
    '\\',
    '~',
    0x7f,
    0x1f,
    '\t',
    (byte) 0xc3,
    (byte) 0xa9,
    '+',
    '\r'
  };

  @Test
  void shouldScanRandomLinesAsTheByteStateMachine() {
    Random random = new Random(7);
    int plain = 0;
    int abandoned = 0;
    for (int n = 0; n < 200_000; n++) {
      int length = random.nextInt(24);
      byte[] line = new byte[length + 4];
      // a prefix and a suffix outside the line's range must never be read
      line[0] = '"';
      line[1] = ',';
      line[length + 2] = '"';
      line[length + 3] = ',';
      for (int i = 2; i < length + 2; i++) {
        // most lines without a carriage return, or nothing but those would be compared
        int pick = random.nextInt(n % 4 == 0 ? ALPHABET.length : ALPHABET.length - 1);
        line[i] = ALPHABET[pick];
      }
      Reference expected = new Reference(32);
      String expectedAbandon = null;
      boolean expectedPlain = false;
      try {
        expectedPlain = expected.scan(line, 2, length + 2);
      } catch (FastPath.Abandoned e) {
        expectedAbandon = e.getMessage();
      }
      LineFields actual = new LineFields(32);
      String text = new String(line, 2, length, StandardCharsets.ISO_8859_1);
      if (expectedAbandon != null) {
        abandoned++;
        assertThatThrownBy(() -> actual.scan(line, 2, length + 2))
            .as("'%s'", text)
            .isInstanceOf(FastPath.Abandoned.class)
            .hasMessage(expectedAbandon);
        continue;
      }
      boolean actualPlain;
      try {
        actualPlain = actual.scan(line, 2, length + 2);
      } catch (FastPath.Abandoned e) {
        throw new AssertionError("'" + text + "' given back: " + e.getMessage(), e);
      }
      plain += actualPlain ? 1 : 0;
      assertThat(actualPlain).as("plain '%s'", text).isEqualTo(expectedPlain);
      assertThat(actual.fields).as("fields '%s'", text).isEqualTo(expected.fields);
      int kept = Math.min(actual.fields, 33);
      assertThat(Arrays.copyOf(actual.start, kept))
          .as("starts '%s'", text)
          .isEqualTo(Arrays.copyOf(expected.start, kept));
      assertThat(Arrays.copyOf(actual.end, kept))
          .as("ends '%s'", text)
          .isEqualTo(Arrays.copyOf(expected.end, kept));
      assertThat(Arrays.copyOf(actual.quoted, kept))
          .as("quoted '%s'", text)
          .isEqualTo(Arrays.copyOf(expected.quoted, kept));
      assertThat(Arrays.copyOf(actual.doubled, kept))
          .as("doubled '%s'", text)
          .isEqualTo(Arrays.copyOf(expected.doubled, kept));
    }
    assertThat(plain).as("plain lines").isGreaterThan(5_000);
    assertThat(abandoned).as("lines given back").isGreaterThan(5_000);
  }

  /** LineFields.scan as it was until 2026-12-07 (eleventh session), byte by byte. */
  private static final class Reference {
    private static final int START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int AFTER_QUOTE = 3;
    final int[] start;
    final int[] end;
    final boolean[] quoted;
    final boolean[] doubled;
    int fields;

    Reference(int capacity) {
      start = new int[capacity + 1];
      end = new int[capacity + 1];
      quoted = new boolean[capacity + 1];
      doubled = new boolean[capacity + 1];
    }

    private void open(int f, int at) {
      if (f < start.length) {
        start[f] = at;
        quoted[f] = false;
        doubled[f] = false;
      }
    }

    private void close(int f, int at) {
      if (f < end.length) {
        end[f] = at;
      }
    }

    boolean scan(byte[] b, int from, int to) throws FastPath.Abandoned {
      int state = START;
      int f = 0;
      boolean plain = true;
      open(0, from);
      for (int i = from; i < to; i++) {
        byte c = b[i];
        if (c < 0x20 || c > 0x7e) {
          if (c == '\r') {
            throw new FastPath.Abandoned("a carriage return without a line feed");
          }
          plain = false;
        }
        if (state == START) {
          if (c == '"') {
            state = QUOTED;
            if (f < quoted.length) {
              quoted[f] = true;
              start[f] = i + 1;
            }
          } else if (c == ',') {
            close(f, i);
            open(++f, i + 1);
          } else {
            state = UNQUOTED;
          }
        } else if (state == UNQUOTED) {
          if (c == ',') {
            close(f, i);
            open(++f, i + 1);
            state = START;
          } else if (c == '"') {
            plain = false;
          }
        } else if (state == QUOTED) {
          if (c == '"') {
            if (i + 1 < to && b[i + 1] == '"') {
              i++;
              if (f < doubled.length) {
                doubled[f] = true;
              }
            } else {
              state = AFTER_QUOTE;
              close(f, i);
            }
          }
        } else if (c == ',') {
          open(++f, i + 1);
          state = START;
        } else {
          plain = false;
        }
      }
      if (state == QUOTED) {
        throw new FastPath.Abandoned("a quote open at the end of a line");
      }
      if (state != AFTER_QUOTE) {
        close(f, to);
      }
      fields = f + 1;
      return plain;
    }
  }
}
