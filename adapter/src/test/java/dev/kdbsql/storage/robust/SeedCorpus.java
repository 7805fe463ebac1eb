package dev.kdbsql.storage.robust;

import dev.kdbsql.storage.Attribute;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.io.Compression;
import dev.kdbsql.storage.io.codec.BlockCodec;
import dev.kdbsql.storage.write.ColumnData;
import dev.kdbsql.storage.write.ColumnOptions;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.PartitionValue;
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Regenerates the fuzz seed corpora under {@code src/test/resources/.../<Target>Inputs/<method>/}:
 * small files made by our writer (every type, attribute and block algorithm) plus a few small
 * files from the q-written fixtures for formats the writer does not produce (pre-3.6 enums and
 * nested columns, anymaps with {@code ##}, general lists, gzip flat tables). Run by hand after a
 * format change: {@code java -cp <test classpath> dev.kdbsql.storage.robust.SeedCorpus
 * <adapter/src/test/resources> <kdb-fixtures>}.
 */
public final class SeedCorpus {
  private static final String PKG = "dev/kdbsql/storage/robust/";
  private final Path resources;
  private final Path fixtures;
  private final Path work;

  private SeedCorpus(Path resources, Path fixtures, Path work) {
    this.resources = resources;
    this.fixtures = fixtures;
    this.work = work;
  }

  public static void main(String[] args) throws IOException {
    try (FuzzDir work = new FuzzDir()) {
      new SeedCorpus(Path.of(args[0]), Path.of(args[1]), work.root()).run();
    }
  }

  private void run() throws IOException {
    Path plain = write("plain", WriteOptions.DEFAULT);
    for (Path f : list(plain.resolve("t"))) {
      String n = f.getFileName().toString();
      if (n.equals("s")) {
        seed("EnumFuzzTest", "enumeration", n, Files.readAllBytes(f));
      } else if (n.equals("str")) {
        seed("AnymapFuzzTest", "anymap", n, FuzzDir.join(Files.readAllBytes(f),
            Files.readAllBytes(plain.resolve("t/str#")), new byte[0]));
      } else if (n.equals(".d")) {
        seed("DotDFuzzTest", "dotD", "writer", Files.readAllBytes(f));
      } else if (!n.endsWith("#")) {
        seed("VectorFuzzTest", "vector", n, Files.readAllBytes(f));
      }
    }
    Path attributes = write("attributes", WriteOptions.DEFAULT
        .with("j", ColumnOptions.DEFAULT.withAttribute(Attribute.SORTED))
        .with("s", ColumnOptions.DEFAULT.withAttribute(Attribute.PARTED)));
    seed("VectorFuzzTest", "vector", "j_sorted", Files.readAllBytes(attributes.resolve("t/j")));
    seed("EnumFuzzTest", "enumeration", "s_parted", Files.readAllBytes(attributes.resolve("t/s")));
    for (Compression.Algorithm alg : Compression.Algorithm.values()) {
      Compression c = new Compression(alg, alg.defaultLevel(), Compression.MIN_BLOCK_SIZE_POWER);
      Path d = write("z" + alg.code(),
          WriteOptions.DEFAULT.withDefaults(ColumnOptions.DEFAULT.withCompression(c)));
      for (String col : List.of("j", "s", "c")) {
        seed("KxzipFuzzTest", "kxzipped", col + "_alg" + alg.code(),
            Files.readAllBytes(d.resolve("t/" + col)));
      }
      byte[] block = Files.readAllBytes(plain.resolve("t/j"));
      byte[] enc = BlockCodec.of(alg.code(), alg.defaultLevel()).encode(block, 0, block.length);
      enc = enc == null ? block : enc;
      byte[] in = new byte[4 + enc.length];
      in[0] = (byte) alg.code();
      in[1] = (byte) block.length;
      in[2] = (byte) (block.length >> 8);
      in[3] = (byte) (block.length >> 16);
      System.arraycopy(enc, 0, in, 4, enc.length);
      seed("BlockCodecFuzzTest", "decode", "alg" + alg.code(), in);
    }
    seed("VectorFuzzTest", "vector", "symlist", FuzzDir.symList("x", "y", ""));
    seed("DotDFuzzTest", "dotD", "ab", FuzzDir.symList("a", "b"));
    seed("SymFileFuzzTest", "symFile", "abcdef", FuzzDir.symList("a", "b", "c", "d", "e", "f"));
    seed("SymFileFuzzTest", "symFile", "writer", Files.readAllBytes(plain.resolve("sym")));
    DatabaseWriter flat = DatabaseWriter.open(work.resolve("flat"));
    seed("FlatTableFuzzTest", "flatTable", "writer", Files.readAllBytes(flat.writeFlat("t", table(4))));
    databases();
    fixtureSeeds();
  }

  private void databases() throws IOException {
    DatabaseWriter w = DatabaseWriter.open(work.resolve("parted"));
    w.writePartition(PartitionValue.date(LocalDate.of(2024, 1, 2)), "t", small(2), WriteOptions.DEFAULT);
    w.writePartition(PartitionValue.date(LocalDate.of(2024, 1, 3)), "t", small(3), WriteOptions.DEFAULT);
    seed("DatabaseFuzzTest", "database", "parted", tree(w.root(), ""));
    byte[] segmented = FuzzDir.join(tree(w.root(), "seg/"), "par.txt".getBytes(StandardCharsets.US_ASCII),
        "seg\n".getBytes(StandardCharsets.US_ASCII), new byte[0]);
    seed("DatabaseFuzzTest", "database", "segmented", segmented);
    seed("DatabaseFuzzTest", "database", "egor7", treeOf(fixtures.resolve("egor7__q/db"),
        List.of("sym", "tref/.d", "tref/c1", "tref/c2", "2015.01.01/t/.d", "2015.01.01/t/p",
            "2015.01.01/t/ti")));
  }

  private void fixtureSeeds() throws IOException {
    String dqc = "DataIntellectTech__TorQ-Finance-Starter-Pack/dqe/dqcdb/database/";
    String dqe = "DataIntellectTech__TorQ-Finance-Starter-Pack/dqe/dqedb/database/2020.09.03/";
    fixture("VectorFuzzTest", "vector", "egor7__q/db/tref/c1", "egor7__q/db/2015.01.01/t/p",
        "egor7__q/db/2015.01.01/t/ti", "chanjam03__AdvKDB/debugging/Q1/tplog");
    fixture("EnumFuzzTest", "enumeration", dqc + "2020.04.17/results/funct",
        dqc + "2020.04.17/results/params", "egor7__q/db/2015.01.01/t/sym");
    fixture("DotDFuzzTest", "dotD", "egor7__q/db/2015.01.01/t/.d",
        dqc + "2020.04.17/configtable/.d");
    fixture("SymFileFuzzTest", "symFile", "egor7__q/db/sym", dqc + "sym");
    fixture("FlatTableFuzzTest", "flatTable",
        "ArmanTee__sample_tick/tick_log/sym/data/marketData/2019.11.16/tradeStats");
    fixture("KxzipFuzzTest", "kxzipped",
        "ArmanTee__sample_tick/tick_log/sym/data/marketData/2019.11.16/tradeStats");
    for (String c : List.of("params", "proc")) {
      Path f = fixtures.resolve(dqc + "2020.04.17/configtable/" + c);
      seed("NestedFuzzTest", "nested", c, FuzzDir.join(Files.readAllBytes(f),
          Files.readAllBytes(f.resolveSibling(c + "#"))));
    }
    for (String f : List.of(dqe + "advancedres/resultdata", "chanjam03__AdvKDB/debugging/Q1/tplog_fixed")) {
      Path p = fixtures.resolve(f);
      seed("AnymapFuzzTest", "anymap", p.getFileName().toString(), FuzzDir.join(
          Files.readAllBytes(p), Files.readAllBytes(p.resolveSibling(p.getFileName() + "#")),
          Files.readAllBytes(p.resolveSibling(p.getFileName() + "##"))));
    }
  }

  private void fixture(String target, String method, String... relative) throws IOException {
    for (String r : relative) {
      Path f = fixtures.resolve(r);
      seed(target, method, "q_" + r.replaceAll("[^A-Za-z0-9]+", "_"), Files.readAllBytes(f));
    }
  }

  /** Encodes the files under {@code dir} as {@link FuzzTree} entries, paths prefixed. */
  private static byte[] tree(Path dir, String prefix) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(Files::isRegularFile).forEach(p -> names.add(dir.relativize(p).toString()));
    }
    names.sort(null);
    return entries(dir, prefix, names);
  }

  private static byte[] treeOf(Path dir, List<String> names) throws IOException {
    return entries(dir, "", names);
  }

  private static byte[] entries(Path dir, String prefix, List<String> names) throws IOException {
    List<byte[]> parts = new ArrayList<>();
    for (String n : names) {
      parts.add((prefix + n).getBytes(StandardCharsets.US_ASCII));
      parts.add(Files.readAllBytes(dir.resolve(n)));
    }
    parts.add(new byte[0]);
    return FuzzDir.join(parts.toArray(new byte[0][]));
  }

  private Path write(String name, WriteOptions options) {
    DatabaseWriter w = DatabaseWriter.open(work.resolve(name));
    w.writeSplayed("t", table(5), options);
    return w.root();
  }

  /** A long and an enumerated column: the smallest partitioned table that exercises domains. */
  private static TableData small(int rows) {
    TableData all = table(rows);
    return TableData.builder().add("j", all.column("j")).add("s", all.column("s")).build();
  }

  /** Five-ish rows of every writable type; sorted, distinct values so that every attribute applies. */
  private static TableData table(int rows) {
    TableData.Builder b = TableData.builder();
    boolean[] bs = new boolean[rows];
    long[] gh = new long[rows];
    long[] gl = new long[rows];
    byte[] x = new byte[rows];
    short[] h = new short[rows];
    int[] i = new int[rows];
    long[] j = new long[rows];
    float[] e = new float[rows];
    double[] f = new double[rows];
    byte[] c = new byte[rows];
    String[] s = new String[rows];
    String[] str = new String[rows];
    for (int k = 0; k < rows; k++) {
      bs[k] = k % 2 == 0;
      gh[k] = k * 31L;
      gl[k] = -k;
      x[k] = (byte) k;
      h[k] = (short) (k * 3);
      i[k] = k * 1000;
      j[k] = k * 1_000_000_007L;
      e[k] = k / 4f;
      f[k] = k * 1.5;
      c[k] = (byte) ('a' + k);
      s[k] = "s" + k;
      str[k] = k == 0 ? "" : "str" + k + " \u00fc";
    }
    return b.add("b", ColumnData.booleans(bs))
        .add("g", ColumnData.guids(gh, gl))
        .add("x", ColumnData.bytes(KdbType.BYTE, x))
        .add("h", ColumnData.shorts(h))
        .add("i", ColumnData.ints(KdbType.INT, i))
        .add("j", ColumnData.longs(KdbType.LONG, j))
        .add("e", ColumnData.reals(e))
        .add("f", ColumnData.doubles(KdbType.FLOAT, f))
        .add("c", ColumnData.bytes(KdbType.CHAR, c))
        .add("s", ColumnData.symbols(s))
        .add("p", ColumnData.longs(KdbType.TIMESTAMP, j))
        .add("m", ColumnData.ints(KdbType.MONTH, i))
        .add("d", ColumnData.ints(KdbType.DATE, i))
        .add("z", ColumnData.doubles(KdbType.DATETIME, f))
        .add("n", ColumnData.longs(KdbType.TIMESPAN, j))
        .add("u", ColumnData.ints(KdbType.MINUTE, i))
        .add("v", ColumnData.ints(KdbType.SECOND, i))
        .add("t", ColumnData.ints(KdbType.TIME, i))
        .add("str", ColumnData.strings(str))
        .build();
  }

  private void seed(String target, String method, String name, byte[] bytes) throws IOException {
    Path dir = resources.resolve(PKG + target + "Inputs/" + method);
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), bytes);
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
