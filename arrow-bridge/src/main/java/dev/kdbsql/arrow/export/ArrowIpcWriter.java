package dev.kdbsql.arrow.export;

import dev.kdbsql.arrow.IpcFormat;
import dev.kdbsql.arrow.TransferListener;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;

/**
 * Writes every batch of an {@link ArrowReader} (ours or any other) as an Arrow IPC file or
 * stream, with the reader's dictionaries. The caller owns the reader and the channel and closes
 * both.
 */
public final class ArrowIpcWriter {
  private ArrowIpcWriter() {}

  /** The totals of one write. */
  public record Result(long rows, long batches, long bytes) {}

  /** Copies {@code reader} to {@code out} in {@code format}, telling {@code listener} as it goes. */
  public static Result write(ArrowReader reader, WritableByteChannel out, IpcFormat format,
      TransferListener listener) throws IOException {
    VectorSchemaRoot root = reader.getVectorSchemaRoot();
    long rows = 0;
    long batches = 0;
    try (ArrowWriter writer = format == IpcFormat.FILE
        ? new ArrowFileWriter(root, reader, out)
        : new ArrowStreamWriter(root, reader, out)) {
      writer.start();
      while (reader.loadNextBatch()) {
        writer.writeBatch();
        rows += root.getRowCount();
        batches++;
        listener.batchDone(rows, writer.bytesWritten());
      }
      writer.end();
      return new Result(rows, batches, writer.bytesWritten());
    }
  }
}
