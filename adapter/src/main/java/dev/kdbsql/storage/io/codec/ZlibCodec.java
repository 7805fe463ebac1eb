package dev.kdbsql.storage.io.codec;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Block algorithm 2 (q's "gzip"): one zlib stream (RFC 1950, header {@code 78 9c} at level 6) per
 * block, read with the JDK's {@link Inflater}. The stream must end exactly at the end of the block
 * and of the plain buffer; its Adler-32 checksum catches most corruption.
 */
final class ZlibCodec implements BlockCodec {
  private final int level;

  /** Creates a codec compressing at {@code level} (0..9). */
  ZlibCodec(int level) {
    if (level < 0 || level > 9) {
      throw new IllegalArgumentException("zlib level " + level + " is not in 0..9");
    }
    this.level = level;
  }

  @Override
  public int algorithm() {
    return 2;
  }

  @Override
  public void decode(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstLen)
      throws CorruptBlockException {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(src, srcOff, srcLen);
      int done = 0;
      while (done < dstLen) {
        int n = inflater.inflate(dst, dstOff + done, dstLen - done);
        if (n == 0) {
          throw shortStream(inflater, srcLen, done, dstLen);
        }
        done += n;
      }
      if (!inflater.finished()) {
        if (inflater.inflate(new byte[1]) > 0) {
          throw new CorruptBlockException("zlib stream holds more than " + dstLen + " plain bytes");
        }
        if (!inflater.finished()) {
          throw new CorruptBlockException("zlib stream of " + srcLen
              + " bytes is cut short after its " + dstLen + " plain bytes (no checksum)");
        }
      }
      if (inflater.getRemaining() > 0) {
        throw new CorruptBlockException("zlib stream ends " + inflater.getRemaining()
            + " bytes before the end of its " + srcLen + "-byte block");
      }
    } catch (DataFormatException e) {
      throw new CorruptBlockException("invalid zlib stream of " + srcLen + " bytes: "
          + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }

  /** Says why the inflater produced nothing before {@code dstLen} bytes. */
  private static CorruptBlockException shortStream(
      Inflater inflater, int srcLen, int done, int dstLen) {
    String why = inflater.finished() ? "ends"
        : inflater.needsDictionary() ? "asks for a preset dictionary"
        : "is cut short";
    return new CorruptBlockException("zlib stream of " + srcLen + " bytes " + why + " after "
        + done + " of " + dstLen + " plain bytes");
  }

  @Override
  public byte[] encode(byte[] src, int srcOff, int srcLen) {
    Deflater deflater = new Deflater(level);
    try {
      deflater.setInput(src, srcOff, srcLen);
      deflater.finish();
      byte[] out = new byte[srcLen];
      int n = 0;
      while (!deflater.finished()) {
        if (n == out.length) {
          return null;
        }
        n += deflater.deflate(out, n, out.length - n);
      }
      return n < srcLen ? Arrays.copyOf(out, n) : null;
    } finally {
      deflater.end();
    }
  }
}
