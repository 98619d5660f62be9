package io.tessera.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.Temporal;

/**
 * The report's data as JSON: snake_case keys like every Tessera output, dates as ISO-8601 strings,
 * and the escaping that makes it safe inside an HTML {@code <script>} element.
 */
public final class ReportJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .registerModule(
              new SimpleModule("tessera-report-time")
                  .addSerializer(LocalDate.class, new IsoSerializer<>(LocalDate.class))
                  .addSerializer(Instant.class, new IsoSerializer<>(Instant.class)))
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private ReportJson() {}

  /** The model as compact JSON. */
  public static String toJson(ReportModel model) {
    return write(model, false);
  }

  /** The model as indented JSON (for files a person reads, and golden tests). */
  public static String toPrettyJson(ReportModel model) {
    return write(model, true);
  }

  /** Any value (a map of labels, a list of colours) as compact JSON with the same settings. */
  static String toJson(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("report data cannot be written as JSON", e);
    }
  }

  /**
   * JSON made safe for the inside of an HTML {@code <script>} element: {@code <}, {@code >} and
   * {@code &} become unicode escapes, so no string can close the element ({@code </script>}) or
   * open a comment; U+2028 and U+2029 are escaped too. These characters can only occur inside JSON
   * strings, where the escapes mean the same characters, so the JSON still parses to the same value
   * (OWASP XSS prevention cheat sheet, rule 3.1).
   */
  public static String forScriptElement(String json) {
    StringBuilder out = new StringBuilder(json.length() + 64);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      switch (c) {
        case '<' -> out.append("\\u003c");
        case '>' -> out.append("\\u003e");
        case '&' -> out.append("\\u0026");
        case '\u2028' -> out.append("\\u2028");
        case '\u2029' -> out.append("\\u2029");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String write(ReportModel model, boolean pretty) {
    try {
      return pretty
          ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(model)
          : MAPPER.writeValueAsString(model);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("report data cannot be written as JSON", e);
    }
  }

  /** Writes a date or an instant as its ISO-8601 string (jackson-datatype-jsr310 is not needed). */
  private static final class IsoSerializer<T extends Temporal> extends StdSerializer<T> {
    IsoSerializer(Class<T> type) {
      super(type);
    }

    @Override
    public void serialize(T value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(value.toString());
    }
  }
}
