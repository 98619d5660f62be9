package io.tessera.predict.churn;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Set;

/**
 * Smile's fitted objects (the random forest, the isotonic and Platt calibrations) in Java
 * serialization, Smile's only save format, read back behind an allow-list: the stream may hold only
 * the classes such a model is made of (listed here, found by recording what a fitted forest and
 * both calibrations contain), primitive arrays and a few JDK containers. Anything else stops the
 * read before an instance is created, so a tampered file cannot run code through another class's
 * deserialization.
 */
final class SmileObjects {
  private SmileObjects() {}

  static final Set<String> ALLOWED =
      Set.of(
          "smile.classification.AbstractClassifier",
          "smile.classification.DecisionTree",
          "smile.classification.IsotonicRegressionScaling",
          "smile.classification.PlattScaling",
          "smile.classification.RandomForest",
          "smile.classification.RandomForest$Model",
          "smile.data.formula.Formula",
          "smile.data.formula.Term",
          "smile.data.formula.Variable",
          "smile.data.type.DataType$ID",
          "smile.data.type.DoubleType",
          "smile.data.type.IntType",
          "smile.data.type.PrimitiveType",
          "smile.data.type.StructField",
          "smile.data.type.StructType",
          "smile.model.cart.CART",
          "smile.model.cart.DecisionNode",
          "smile.model.cart.InternalNode",
          "smile.model.cart.LeafNode",
          "smile.model.cart.NominalNode",
          "smile.model.cart.OrdinalNode",
          "smile.model.cart.SplitRule",
          "smile.util.IntSet",
          "smile.validation.ClassificationMetrics",
          "java.lang.Enum",
          "java.lang.Integer",
          "java.lang.Number",
          "java.lang.Object",
          "java.util.ArrayList",
          "java.util.HashMap",
          "java.util.Map$Entry");

  /** Depth, reference and array limits well above a 1,000-tree forest of depth 30. */
  private static final ObjectInputFilter LIMITS =
      ObjectInputFilter.Config.createFilter(
          "maxdepth=1000;maxrefs=100000000;maxarray=100000000;maxbytes=2000000000");

  static final ObjectInputFilter FILTER =
      info -> {
        ObjectInputFilter.Status limits = LIMITS.checkInput(info);
        if (limits == ObjectInputFilter.Status.REJECTED) {
          return limits;
        }
        Class<?> c = info.serialClass();
        if (c == null) {
          return ObjectInputFilter.Status.ALLOWED;
        }
        while (c.isArray()) {
          c = c.getComponentType();
        }
        return c.isPrimitive() || ALLOWED.contains(c.getName())
            ? ObjectInputFilter.Status.ALLOWED
            : ObjectInputFilter.Status.REJECTED;
      };

  static byte[] write(Serializable o) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise " + o.getClass().getName(), e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads an object of the given type.
   *
   * @throws IllegalArgumentException when the bytes hold a class outside the allow-list, another
   *     type, or are not a serialisation stream
   */
  static <T> T read(byte[] bytes, Class<T> type, String what) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      in.setObjectInputFilter(FILTER);
      Object o = in.readObject();
      if (!type.isInstance(o)) {
        throw new IllegalArgumentException(
            what + " holds a " + o.getClass().getName() + ", not a " + type.getName());
      }
      return type.cast(o);
    } catch (InvalidClassException e) {
      throw new IllegalArgumentException(
          what
              + " holds a class a saved model may not contain ("
              + e.getMessage()
              + "); it was not written by tessera run with smile-core 6.3",
          e);
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalArgumentException(what + " cannot be read: " + e.getMessage(), e);
    }
  }
}
