package dev.kdbsql.storage.write;

import dev.kdbsql.storage.Attribute;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes one splayed table batch by batch, holding no more than a batch in memory: every column
 * file is open from the start and each {@link #append} adds the batch's values at its end; the
 * row counts in the file headers, unknown until the end, are patched by {@link #commit()}.
 * Symbols are enumerated as they arrive, extending the domains in memory, in the order
 * {@code .Q.en} would over the whole table.
 *
 * <p>The files are written into a temporary directory next to the table (a dot name, which
 * readers skip). {@link #commit()} completes them, writes {@code .d}, saves the grown domains,
 * and only then renames the directory into place (replacing a previous table by two renames), so
 * a failed or abandoned write ({@link #close()} without commit) leaves no partial table and the
 * previous one, if any, untouched. The files are those {@link DatabaseWriter} writes for the same
 * data; attributes and compression, which need the whole column, are not supported. Not
 * thread-safe.
 */
public final class TableAppender implements AutoCloseable {
  /** Per-file buffer: a table may have many columns open at once. */
  private static final int BUFFER = 1 << 16;

  private final Path target;
  private final Path temp;
  private final Domains domains;
  private final List<String> names;
  private final List<ColumnType> types;
  private final List<Sink> sinks = new ArrayList<>();
  private long rows;
  private boolean committed;
  private boolean closed;

  TableAppender(Path target, List<String> names, List<ColumnType> types, Domains domains,
      WriteOptions options) {
    if (names.size() != types.size() || names.isEmpty()) {
      throw new IllegalArgumentException("a table needs columns, one type per name: " + names
          + " " + types);
    }
    this.target = target;
    this.names = List.copyOf(names);
    this.types = List.copyOf(types);
    this.domains = domains;
    this.temp = target.resolveSibling("." + target.getFileName() + ".tmp-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      Files.createDirectories(temp);
    } catch (IOException e) {
      throw new StorageException(temp, -1, "cannot create: " + e.getMessage(), e);
    }
    boolean ok = false;
    try {
      for (int i = 0; i < names.size(); i++) {
        sinks.add(sink(names.get(i), types.get(i), options.column(names.get(i))));
      }
      ok = true;
    } finally {
      if (!ok) {
        close();
      }
    }
  }

  private Sink sink(String name, ColumnType type, ColumnOptions o) {
    Path file = temp.resolve(name);
    if (o.attribute() != Attribute.NONE || o.compression() != null) {
      throw new IllegalArgumentException(target.resolve(name) + ": a table written batch by "
          + "batch takes no attribute and no compression");
    }
    KdbType t = type.element();
    if (type.isString() || type.nested() && t != null && t != KdbType.SYMBOL) {
      return new NestedSink(file);
    }
    if (type.nested() || t == null) {
      throw new IllegalArgumentException(target.resolve(name) + ": cannot write a " + type
          + " column (only simple types, symbols, strings and lists of simple atoms)");
    }
    return t == KdbType.SYMBOL ? new EnumSink(file, o.domain()) : new VectorSink(file, t);
  }

  /** The table's directory once committed. */
  public Path directory() {
    return target;
  }

  /** Rows appended so far. */
  public long rowCount() {
    return rows;
  }

  /**
   * Appends the rows of {@code batch}, whose columns must be this table's, in order, with the
   * same types.
   */
  public void append(TableData batch) {
    if (committed || closed) {
      throw new IllegalStateException("table " + target + " is already "
          + (committed ? "committed" : "closed"));
    }
    if (!batch.columnNames().equals(names)) {
      throw new IllegalArgumentException(target + ": batch columns " + batch.columnNames()
          + " differ from the table's " + names);
    }
    for (int i = 0; i < names.size(); i++) {
      ColumnData c = batch.column(names.get(i));
      if (!c.type().equals(types.get(i))) {
        throw new IllegalArgumentException(target.resolve(names.get(i)) + ": batch column of "
            + "type " + c.type() + ", the table's is " + types.get(i));
      }
      try {
        sinks.get(i).append(c);
      } catch (IOException e) {
        throw new StorageException(temp.resolve(names.get(i)), -1, "cannot write: "
            + e.getMessage(), e);
      }
    }
    rows += batch.rowCount();
  }

  /**
   * Completes the files, writes {@code .d}, saves the grown domains and moves the table into
   * place; returns its directory.
   */
  public Path commit() {
    if (committed || closed) {
      throw new IllegalStateException("table " + target + " is already "
          + (committed ? "committed" : "closed"));
    }
    for (int i = 0; i < sinks.size(); i++) {
      try {
        sinks.get(i).finish(rows);
      } catch (IOException e) {
        throw new StorageException(temp.resolve(names.get(i)), -1, "cannot write: "
            + e.getMessage(), e);
      }
    }
    AtomicFiles.write(temp.resolve(".d"), out -> SymbolListFormat.write(out, names));
    domains.saveAll();
    Path old = target.resolveSibling("." + target.getFileName() + ".old-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      boolean replace = Files.exists(target);
      if (replace) {
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      committed = true;
      if (replace) {
        deleteTree(old);
      }
    } catch (IOException e) {
      throw new StorageException(target, -1, "cannot move the written table into place: "
          + e.getMessage(), e);
    }
    return target;
  }

  /** Without a commit, discards everything written; after one, does nothing. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (committed) {
      return;
    }
    for (Sink s : sinks) {
      s.abort();
    }
    try {
      deleteTree(temp);
    } catch (IOException e) {
      throw new StorageException(temp, -1, "cannot remove the unfinished table: "
          + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** One open file: data appended through a small buffer, an int64 patched at the end. */
  private static final class OpenFile {
    final FileChannel channel;
    final LeOutput out;

    OpenFile(Path file) throws IOException {
      channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      out = new LeOutput(channel, file, BUFFER);
    }

    /** Flushes, writes {@code value} at {@code position} (or nothing if negative), closes. */
    void finish(long position, long value) throws IOException {
      out.flush();
      if (position >= 0) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value);
        while (b.hasRemaining()) {
          channel.write(b, position + b.position());
        }
      }
      channel.close();
    }

    void abort() {
      try {
        channel.close();
      } catch (IOException e) {
        // The directory is deleted next; nothing of this file is kept.
      }
    }
  }

  /** Writes one column file (or pair). */
  private interface Sink {
    void append(ColumnData c) throws IOException;

    void finish(long rows) throws IOException;

    void abort();
  }

  /** A simple vector: {@code fe 20} header, count at offset 8 (docs/kdb-format.md §2). */
  private static final class VectorSink implements Sink {
    private final OpenFile file;

    VectorSink(Path path, KdbType type) {
      try {
        file = new OpenFile(path);
        file.out.putByte(0xfe);
        file.out.putByte(0x20);
        file.out.putByte(type.code());
        file.out.putByte(Attribute.NONE.ordinal());
        file.out.putInt(0);
        file.out.putLong(0);
      } catch (IOException e) {
        throw new StorageException(path, -1, "cannot write: " + e.getMessage(), e);
      }
    }

    @Override
    public void append(ColumnData c) throws IOException {
      VectorFormat.writeData(file.out, c);
    }

    @Override
    public void finish(long rows) throws IOException {
      file.finish(8, rows);
    }

    @Override
    public void abort() {
      file.abort();
    }
  }

  /** An enumeration: {@code fd 20} page, count at 4088, int64 indices (docs/kdb-format.md §4.1). */
  private final class EnumSink implements Sink {
    private final OpenFile file;
    private final DomainFile domain;

    EnumSink(Path path, String domainName) {
      domain = domains.get(domainName);
      try {
        file = new OpenFile(path);
        EnumFormat.page(file.out, domainName, 20, Attribute.NONE, 0);
      } catch (IOException e) {
        throw new StorageException(path, -1, "cannot write: " + e.getMessage(), e);
      }
    }

    @Override
    public void append(ColumnData c) throws IOException {
      for (long index : domain.enumerate(c.stringValues())) {
        file.out.putLong(index);
      }
    }

    @Override
    public void finish(long rows) throws IOException {
      file.finish(EnumFormat.INNER + 8, rows);
    }

    @Override
    public void abort() {
      file.abort();
    }
  }

  /** Strings or lists: the anymap pair {@code col} and {@code col#} (docs/kdb-format.md §5.1). */
  private static final class NestedSink implements Sink {
    private final OpenFile refs;
    private final OpenFile data;

    NestedSink(Path path) {
      try {
        refs = new OpenFile(path);
        data = new OpenFile(path.resolveSibling(path.getFileName() + "#"));
        AnymapFormat.header(refs.out, data.out, 0);
      } catch (IOException e) {
        throw new StorageException(path, -1, "cannot write: " + e.getMessage(), e);
      }
    }

    @Override
    public void append(ColumnData c) throws IOException {
      if (c.isString()) {
        for (String s : c.stringValues()) {
          AnymapFormat.putString(refs.out, data.out, s);
        }
        return;
      }
      int[] offsets = c.listOffsets();
      for (int i = 0; i < c.length(); i++) {
        AnymapFormat.putList(refs.out, data.out, c.listElements(), offsets[i], offsets[i + 1]);
      }
    }

    @Override
    public void finish(long rows) throws IOException {
      data.finish(-1, 0);
      refs.finish(AnymapFormat.COUNT_OFFSET, rows);
    }

    @Override
    public void abort() {
      refs.abort();
      data.abort();
    }
  }
}
