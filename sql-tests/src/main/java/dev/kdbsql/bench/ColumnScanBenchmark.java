package dev.kdbsql.bench;

import dev.kdbsql.sample.SampleDatabase;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.TableSlice;
import dev.kdbsql.storage.column.EnumColumn;
import dev.kdbsql.storage.column.VectorColumn;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Raw scans of one mapped, page-cache-warm column of {@value #ROWS} rows: through our storage
 * {@code Column} API row by row ({@link VectorColumn#getLong}, {@link EnumColumn#index}), in
 * blocks of {@value #BLOCK} rows ({@link VectorColumn#getLongs}, {@link EnumColumn#indices}, into
 * an array reused across blocks as the executor does), and through a plain loop over the same file
 * mapped with {@link FileChannel#map}. The plain loop is the JVM's ceiling; the bulk API should
 * come within 1.5x of it.
 *
 * <p>The score is rows per second ({@link OperationsPerInvocation}); each row is 8 bytes (int64
 * {@code bsize}, and int64 enumeration indices of {@code sym}), so GB/s = score × 8 / 10⁹. The data
 * is one date of the TAQ sample (2.5M trades, 4 quotes per trade) generated into {@code
 * -Dbench.dir} (default: a fresh temporary directory, deleted afterwards).
 *
 * <p>Run: {@code mvn -q package -pl sql-tests -am -Pbench -DskipTests -DskipFuzz=true && java -jar
 * sql-tests/target/benchmarks.jar ColumnScanBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(ColumnScanBenchmark.ROWS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class ColumnScanBenchmark {
  /** Quote rows in the one date scanned. */
  static final int ROWS = 10_000_000;
  private static final long DATA_OFFSET = 16;
  /** Rows per bulk read: the executor's batch size. */
  static final int BLOCK = 4096;

  private Path dir;
  private boolean ownDir;
  private Database db;
  private TableSlice slice;
  private VectorColumn bsize;
  private EnumColumn sym;
  private int symIndex;
  private MappedByteBuffer bsizeFile;
  private MappedByteBuffer symFile;
  private final long[] longBlock = new long[BLOCK];
  private final int[] intBlock = new int[BLOCK];

  /** Generates the data (unless {@code -Dbench.dir} already holds it) and maps both columns. */
  @Setup
  public void setUp() throws IOException {
    String given = System.getProperty("bench.dir");
    ownDir = given == null;
    dir = ownDir ? Files.createTempDirectory("column-scan") : Path.of(given);
    if (!Files.exists(dir.resolve("sym"))) {
      SampleDatabase.of(ROWS / 4, 1, TaqData.SEED).withQuotesPerTrade(4).writeTo(dir);
    }
    db = Database.open(dir);
    KdbTable quote = db.table("quote");
    slice = quote.slices().get(0);
    bsize = (VectorColumn) slice.column(quote.columnIndex("bsize"));
    sym = (EnumColumn) slice.column(quote.columnIndex("sym"));
    if (bsize.size() != ROWS || bsize.dataOffset() != DATA_OFFSET) {
      throw new IllegalStateException(bsize + ": expected " + ROWS + " rows at offset 16");
    }
    symIndex = sym.index(ROWS / 2);
    bsizeFile = map(bsize.file());
    symFile = map(sym.file());
    long sum = sumLongPlainLoop();
    long count = countSymPlainLoop();
    if (sum != sumLongColumnApi() || sum != sumLongColumnBulk() || count != countSymColumnApi()
        || count != countSymColumnBulk()) {
      throw new IllegalStateException("the plain loop and the column API disagree on " + dir);
    }
  }

  private static MappedByteBuffer map(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
      b.order(ByteOrder.LITTLE_ENDIAN);
      return b;
    }
  }

  /** Closes the database and deletes generated data it owns. */
  @TearDown
  public void tearDown() {
    slice.close();
    db.close();
    if (ownDir) {
      TaqData.deleteTree(dir);
    }
  }

  /** SUM(bsize) through {@link VectorColumn#getLong}. */
  @Benchmark
  public long sumLongColumnApi() {
    long s = 0;
    for (long r = 0; r < ROWS; r++) {
      s += bsize.getLong(r);
    }
    return s;
  }

  /** SUM(bsize) through {@link VectorColumn#getLongs}, block by block. */
  @Benchmark
  public long sumLongColumnBulk() {
    long[] block = longBlock;
    long s = 0;
    for (long r = 0; r < ROWS; r += BLOCK) {
      int n = (int) Math.min(BLOCK, ROWS - r);
      bsize.getLongs(r, block, 0, n);
      for (int i = 0; i < n; i++) {
        s += block[i];
      }
    }
    return s;
  }

  /** SUM(bsize) over the mapped file. */
  @Benchmark
  public long sumLongPlainLoop() {
    MappedByteBuffer b = bsizeFile;
    long s = 0;
    for (int r = 0; r < ROWS; r++) {
      s += b.getLong((int) DATA_OFFSET + (r << 3));
    }
    return s;
  }

  /** COUNT(*) WHERE sym = one symbol, through {@link EnumColumn#index}. */
  @Benchmark
  public long countSymColumnApi() {
    long n = 0;
    int k = symIndex;
    for (long r = 0; r < ROWS; r++) {
      if (sym.index(r) == k) {
        n++;
      }
    }
    return n;
  }

  /** COUNT(*) WHERE sym = one symbol, through {@link EnumColumn#indices}, block by block. */
  @Benchmark
  public long countSymColumnBulk() {
    int[] block = intBlock;
    long n = 0;
    int k = symIndex;
    for (long r = 0; r < ROWS; r += BLOCK) {
      int len = (int) Math.min(BLOCK, ROWS - r);
      sym.indices(r, block, 0, len);
      for (int i = 0; i < len; i++) {
        if (block[i] == k) {
          n++;
        }
      }
    }
    return n;
  }

  /** COUNT(*) WHERE sym = one symbol, comparing the mapped int64 indices. */
  @Benchmark
  public long countSymPlainLoop() {
    MappedByteBuffer b = symFile;
    long n = 0;
    long k = symIndex;
    for (int r = 0; r < ROWS; r++) {
      if (b.getLong((int) DATA_OFFSET + (r << 3)) == k) {
        n++;
      }
    }
    return n;
  }
}
