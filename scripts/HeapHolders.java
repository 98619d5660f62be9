import java.io.*;
import java.util.*;

/**
 * Reads an HPROF heap dump and says who holds what: every object is given the BFS tree parent
 * (shortest path from a GC root), and its bytes are charged to the nearest ancestor whose class is
 * in io.tessera (with the field of that ancestor the path goes through), or to the root's frame.
 * Prints (class, holder) -> count, shallow bytes, and holders by total bytes.
 * Usage: java -Xmx5g scripts/HeapHolders.java dump.hprof [topN] (a JDK 25: single-file launch).
 * Written for issue 14 (heap12): analyse a `jcmd <pid> GC.heap_dump` offline, then delete the dump.
 */
public class HeapHolders {
  static int idSize;
  static Map<Long, String> strings = new HashMap<>();
  static Map<Long, String> classNameById = new HashMap<>(); // class object id -> name
  static Map<Integer, Long> classBySerial = new HashMap<>();
  // class dumps
  static Map<Long, long[]> classFieldNames = new HashMap<>(); // instance field name ids
  static Map<Long, byte[]> classFieldTypes = new HashMap<>();
  static Map<Long, Long> superOf = new HashMap<>();
  // class index
  static List<String> classNames = new ArrayList<>();
  static Map<Long, Integer> classIdx = new HashMap<>();
  // frames
  static Map<Long, String> frameMethod = new HashMap<>();
  static Map<Integer, long[]> traceFrames = new HashMap<>();
  static Map<Integer, Integer> threadTrace = new HashMap<>();

  // objects
  static long[] ids = new long[1 << 20];
  static int[] cls = new int[1 << 20];
  static int[] size = new int[1 << 20];
  static int[] edgeStart = new int[1 << 20];
  static int n;
  static long[] edgeChild = new long[1 << 22];
  static int[] edgeField = new int[1 << 22]; // index into fieldLabels
  static int ne;
  static List<String> fieldLabels = new ArrayList<>();
  static Map<String, Integer> fieldLabelIdx = new HashMap<>();
  // roots
  static List<Long> rootIds = new ArrayList<>();
  static List<String> rootLabels = new ArrayList<>();

  static int label(String s) {
    Integer i = fieldLabelIdx.get(s);
    if (i == null) {
      i = fieldLabels.size();
      fieldLabels.add(s);
      fieldLabelIdx.put(s, i);
    }
    return i;
  }

  static DataInputStream in;
  static long pos;

  static long id() throws IOException {
    pos += idSize;
    return idSize == 8 ? in.readLong() : in.readInt() & 0xffffffffL;
  }

  static int u4() throws IOException {
    pos += 4;
    return in.readInt();
  }

  static int u2() throws IOException {
    pos += 2;
    return in.readUnsignedShort();
  }

  static int u1() throws IOException {
    pos += 1;
    return in.readUnsignedByte();
  }

  static void skip(long k) throws IOException {
    pos += k;
    while (k > 0) {
      long s = in.skip(k);
      if (s <= 0) {
        in.readByte();
        s = 1;
      }
      k -= s;
    }
  }

  static int typeSize(int t) {
    return switch (t) {
      case 2 -> idSize;
      case 4, 8 -> 1;
      case 5, 9 -> 2;
      case 6, 10 -> 4;
      case 7, 11 -> 8;
      default -> throw new IllegalStateException("type " + t);
    };
  }

  static int heapSize(int t) {
    return t == 2 ? 4 : typeSize(t);
  }

  static int clsIndex(long classId, String name) {
    Integer i = classIdx.get(classId);
    if (i == null) {
      i = classNames.size();
      classNames.add(name);
      classIdx.put(classId, i);
    }
    return i;
  }

  static void addObject(long id, int c, int sz) {
    if (n == ids.length) {
      int m = n * 2;
      ids = Arrays.copyOf(ids, m);
      cls = Arrays.copyOf(cls, m);
      size = Arrays.copyOf(size, m);
      edgeStart = Arrays.copyOf(edgeStart, m + 1);
    }
    ids[n] = id;
    cls[n] = c;
    size[n] = sz;
    edgeStart[n] = ne;
    n++;
  }

  static void addEdge(long child, int field) {
    if (child == 0) return;
    if (ne == edgeChild.length) {
      edgeChild = Arrays.copyOf(edgeChild, ne * 2);
      edgeField = Arrays.copyOf(edgeField, ne * 2);
    }
    edgeChild[ne] = child;
    edgeField[ne] = field;
    ne++;
  }

  static int align(long x) {
    return (int) ((x + 7) & ~7L);
  }

  // per class: list of (field label idx, type) over the hierarchy, in dump order
  static Map<Long, int[][]> layouts = new HashMap<>();

  static int[][] layout(long classId) {
    int[][] l = layouts.get(classId);
    if (l != null) return l;
    List<int[]> fields = new ArrayList<>();
    long c = classId;
    while (c != 0 && classFieldTypes.containsKey(c)) {
      byte[] types = classFieldTypes.get(c);
      long[] names = classFieldNames.get(c);
      String cn = classNameById.getOrDefault(c, "?");
      for (int k = 0; k < types.length; k++) {
        String fname = strings.getOrDefault(names[k], "?");
        fields.add(new int[] {types[k] == 2 ? label(simple(cn) + "." + fname) : -1, types[k]});
      }
      c = superOf.getOrDefault(c, 0L);
    }
    l = fields.toArray(int[][]::new);
    layouts.put(classId, l);
    return l;
  }

  static String simple(String cn) {
    return cn;
  }

  public static void main(String[] args) throws Exception {
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    in = new DataInputStream(new BufferedInputStream(new FileInputStream(args[0]), 1 << 20));
    StringBuilder hdr = new StringBuilder();
    int b;
    while ((b = in.read()) != 0) hdr.append((char) b);
    idSize = in.readInt();
    in.readLong();
    int arrLabel = label("[]");
    while (true) {
      int tag;
      try {
        tag = in.readUnsignedByte();
      } catch (EOFException e) {
        break;
      }
      in.readInt();
      long len = in.readInt() & 0xffffffffL;
      switch (tag) {
        case 0x01 -> {
          long sid = id();
          byte[] bs = new byte[(int) (len - idSize)];
          in.readFully(bs);
          strings.put(sid, new String(bs, "UTF-8"));
        }
        case 0x02 -> {
          int serial = u4();
          long cid = id();
          u4();
          long nameId = id();
          classNameById.put(cid, strings.getOrDefault(nameId, "?").replace('/', '.'));
          classBySerial.put(serial, cid);
        }
        case 0x04 -> {
          long fid = id();
          long mname = id();
          id();
          id();
          int cser = u4();
          u4();
          Long cid = classBySerial.get(cser);
          String cn = cid == null ? "?" : classNameById.getOrDefault(cid, "?");
          frameMethod.put(fid, cn + "." + strings.getOrDefault(mname, "?"));
        }
        case 0x05 -> {
          int serial = u4();
          u4();
          int nf = u4();
          long[] fr = new long[nf];
          for (int i = 0; i < nf; i++) fr[i] = id();
          traceFrames.put(serial, fr);
        }
        case 0x0C, 0x1C -> heap(len, arrLabel);
        default -> skip(len);
      }
    }
    in.close();
    System.err.println("objects " + n + " edges " + ne);
    analyse(top);
  }

  static Map<Integer, Integer> threadOfSerial = new HashMap<>();

  static void heap(long len, int arrLabel) throws IOException {
    long end = pos + len;
    while (pos < end) {
      int sub = u1();
      switch (sub) {
        case 0xFF -> root(id(), "unknown");
        case 0x01 -> {
          long o = id();
          id();
          root(o, "jni-global");
        }
        case 0x02 -> {
          long o = id();
          u4();
          u4();
          root(o, "jni-local");
        }
        case 0x03 -> {
          long o = id();
          int ts = u4();
          int fn = u4();
          String where = "frame";
          Integer tr = threadTrace.get(ts);
          if (tr != null && traceFrames.containsKey(tr) && fn >= 0 && fn < traceFrames.get(tr).length) {
            where = "frame:" + frameMethod.getOrDefault(traceFrames.get(tr)[fn], "?");
          }
          root(o, where);
        }
        case 0x04 -> {
          long o = id();
          u4();
          root(o, "native-stack");
        }
        case 0x05 -> root(id(), "sticky-class");
        case 0x06 -> {
          long o = id();
          u4();
          root(o, "thread-block");
        }
        case 0x07 -> root(id(), "monitor");
        case 0x08 -> {
          long o = id();
          int ts = u4();
          int tr = u4();
          threadTrace.put(ts, tr);
          root(o, "thread");
        }
        case 0x20 -> {
          long cid = id();
          u4();
          long sup = id();
          id();
          id();
          id();
          id();
          id();
          u4();
          int cp = u2();
          for (int i = 0; i < cp; i++) {
            u2();
            int t = u1();
            skip(typeSize(t));
          }
          String cn = classNameById.getOrDefault(cid, "?");
          int ci = clsIndex(cid ^ Long.MIN_VALUE, "class " + cn);
          addObject(cid, ci, 0);
          int ns = u2();
          for (int i = 0; i < ns; i++) {
            long nm = id();
            int t = u1();
            if (t == 2) {
              addEdge(id(), label(cn + ".static " + strings.getOrDefault(nm, "?")));
            } else {
              skip(typeSize(t));
            }
          }
          int nf = u2();
          long[] names = new long[nf];
          byte[] types = new byte[nf];
          for (int i = 0; i < nf; i++) {
            names[i] = id();
            types[i] = (byte) u1();
          }
          classFieldNames.put(cid, names);
          classFieldTypes.put(cid, types);
          superOf.put(cid, sup);
        }
        case 0x21 -> {
          long oid = id();
          u4();
          long cid = id();
          int nb = u4();
          int[][] l = layout(cid);
          String cn = classNameById.getOrDefault(cid, "?");
          int sz = 12;
          for (int[] f : l) sz += heapSize(f[1]);
          addObject(oid, clsIndex(cid, cn), align(sz));
          int read = 0;
          for (int[] f : l) {
            if (f[1] == 2) {
              addEdge(id(), f[0]);
            } else {
              skip(typeSize(f[1]));
            }
            read += typeSize(f[1]);
          }
          if (read != nb) {
            skip(nb - read);
          }
        }
        case 0x22 -> {
          long oid = id();
          u4();
          int len2 = u4();
          long acid = id();
          String cn = classNameById.getOrDefault(acid, "?[]");
          addObject(oid, clsIndex(acid, cn), align(16 + 4L * len2));
          for (int i = 0; i < len2; i++) addEdge(id(), arrLabel);
        }
        case 0x23 -> {
          long oid = id();
          u4();
          int len2 = u4();
          int t = u1();
          String cn =
              switch (t) {
                case 4 -> "boolean[]";
                case 5 -> "char[]";
                case 6 -> "float[]";
                case 7 -> "double[]";
                case 8 -> "byte[]";
                case 9 -> "short[]";
                case 10 -> "int[]";
                case 11 -> "long[]";
                default -> "?[]";
              };
          addObject(oid, clsIndex(-t, cn), align(16 + (long) typeSize(t) * len2));
          skip((long) typeSize(t) * len2);
        }
        default -> throw new IllegalStateException("sub tag " + Integer.toHexString(sub) + " at " + pos);
      }
    }
  }

  static void root(long o, String label) {
    rootIds.add(o);
    rootLabels.add(label);
  }

  // open addressing id -> index
  static long[] hKeys;
  static int[] hVals;
  static int hMask;

  static void buildIndex() {
    int cap = Integer.highestOneBit(n * 2 + 2) * 2;
    hKeys = new long[cap];
    hVals = new int[cap];
    hMask = cap - 1;
    for (int i = 0; i < n; i++) {
      int h = (int) (mix(ids[i]) & hMask);
      while (hKeys[h] != 0) h = (h + 1) & hMask;
      hKeys[h] = ids[i];
      hVals[h] = i;
    }
  }

  static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    return x;
  }

  static int find(long id) {
    int h = (int) (mix(id) & hMask);
    while (hKeys[h] != 0) {
      if (hKeys[h] == id) return hVals[h];
      h = (h + 1) & hMask;
    }
    return -1;
  }

  static void analyse(int top) {
    edgeStart[n] = ne;
    buildIndex();
    int[] holder = new int[n]; // label index of holder
    int[] parent = new int[n];
    int[] parentEdge = new int[n];
    Arrays.fill(parent, -1);
    Arrays.fill(holder, -1);
    int[] queue = new int[n];
    int qh = 0, qt = 0;
    boolean[] seen = new boolean[n];
    // roots first by kind
    for (int r = 0; r < rootIds.size(); r++) {
      int i = find(rootIds.get(r));
      if (i < 0 || seen[i]) continue;
      seen[i] = true;
      String cn = classNames.get(cls[i]);
      holder[i] = label(isTessera(cn) ? "self " + cn : "root " + rootLabels.get(r));
      queue[qt++] = i;
    }
    while (qh < qt) {
      int p = queue[qh++];
      String pc = classNames.get(cls[p]);
      boolean pt = isTessera(pc);
      for (int e = edgeStart[p]; e < edgeStart[p + 1]; e++) {
        int c = find(edgeChild[e]);
        if (c < 0 || seen[c]) continue;
        seen[c] = true;
        parent[c] = p;
        parentEdge[c] = edgeField[e];
        if (pt) {
          String f = fieldLabels.get(edgeField[e]);
          holder[c] = label(f.equals("[]") ? pc + "[]" : f);
        } else {
          holder[c] = holder[p];
        }
        queue[qt++] = c;
      }
    }
    // aggregate
    Map<String, long[]> byHolder = new HashMap<>();
    Map<String, long[]> byClassHolder = new HashMap<>();
    Map<String, long[]> byClass = new HashMap<>();
    long unreached = 0, total = 0;
    for (int i = 0; i < n; i++) {
      total += size[i];
      if (!seen[i]) {
        unreached += size[i];
        continue;
      }
      String h = fieldLabels.get(holder[i]);
      String c = classNames.get(cls[i]);
      add(byHolder, h, size[i]);
      add(byClassHolder, c + "  <-  " + h, size[i]);
      add(byClass, c, size[i]);
    }
    System.out.printf("total %,d bytes, unreached %,d%n", total, unreached);
    // a path from a root for the largest holders
    Map<Integer, Integer> firstOf = new HashMap<>();
    for (int i = 0; i < n; i++) if (seen[i]) firstOf.putIfAbsent(holder[i], i);
    System.out.println("== paths to the largest holders");
    byHolder.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
        .limit(top / 2)
        .forEach(e -> {
          int i = firstOf.get(fieldLabelIdx.get(e.getKey()));
          StringBuilder sb = new StringBuilder(e.getKey() + ":");
          int depth = 0;
          while (i >= 0 && depth++ < 14) {
            sb.append("\n      ").append(classNames.get(cls[i]));
            if (parent[i] >= 0) sb.append("  via ").append(fieldLabels.get(parentEdge[i]));
            i = parent[i];
          }
          System.out.println(sb);
        });
    print("== by holder (bytes of everything first reached through it)", byHolder, top);
    print("== by class", byClass, top);
    print("== by class <- holder", byClassHolder, top * 2);
  }

  static boolean isTessera(String cn) {
    return cn.startsWith("io.tessera.");
  }

  static void add(Map<String, long[]> m, String k, long b) {
    long[] a = m.computeIfAbsent(k, x -> new long[2]);
    a[0]++;
    a[1] += b;
  }

  static void print(String title, Map<String, long[]> m, int top) {
    System.out.println(title);
    m.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
        .limit(top)
        .forEach(
            e ->
                System.out.printf(
                    "%,14d %,11d  %s%n", e.getValue()[1], e.getValue()[0], e.getKey()));
  }
}
