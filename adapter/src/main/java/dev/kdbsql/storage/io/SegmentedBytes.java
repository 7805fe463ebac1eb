package dev.kdbsql.storage.io;

import java.util.Objects;

/**
 * The bulk reads of an image held as consecutive segments of a power-of-two size: the chunks of
 * a mapping, or the inflated blocks of a {@code kxzipped} file.
 *
 * <p>A bulk read checks its whole range once, then splits it into runs of values that lie in one
 * segment and copies each run with that segment's {@link LittleEndianViews}: one memory copy per
 * segment for aligned data. A value straddling two segments (only possible when the read does not
 * start at a multiple of the value's width) is assembled byte by byte.
 */
abstract class SegmentedBytes implements Bytes {

  /**
   * Checks that the image is open and that {@code [pos, pos + bytes)} lies in it, raising the
   * image's usual {@link dev.kdbsql.storage.StorageException} otherwise.
   */
  abstract void checkRange(long pos, long bytes);

  /** The views of the segment holding {@code pos}, which {@link #checkRange} has accepted. */
  abstract LittleEndianViews segment(long pos);

  /** The offset of {@code pos} inside {@link #segment(long)}. */
  abstract int offsetInSegment(long pos);

  @Override
  public final void getLongs(long pos, long[] dst, int off, int len) {
    Objects.checkFromIndexSize(off, len, dst.length);
    copyRuns(pos, len, 3, (s, at, i, n) -> s.getLongs(at, dst, off + i, n),
        (p, i) -> dst[off + i] = assembleLittleEndian(p, 8));
  }

  @Override
  public final void getDoubles(long pos, double[] dst, int off, int len) {
    Objects.checkFromIndexSize(off, len, dst.length);
    copyRuns(pos, len, 3, (s, at, i, n) -> s.getDoubles(at, dst, off + i, n),
        (p, i) -> dst[off + i] = Double.longBitsToDouble(assembleLittleEndian(p, 8)));
  }

  @Override
  public final void getInts(long pos, int[] dst, int off, int len) {
    Objects.checkFromIndexSize(off, len, dst.length);
    copyRuns(pos, len, 2, (s, at, i, n) -> s.getInts(at, dst, off + i, n),
        (p, i) -> dst[off + i] = (int) assembleLittleEndian(p, 4));
  }

  @Override
  public final void getFloats(long pos, float[] dst, int off, int len) {
    Objects.checkFromIndexSize(off, len, dst.length);
    copyRuns(pos, len, 2, (s, at, i, n) -> s.getFloats(at, dst, off + i, n),
        (p, i) -> dst[off + i] = Float.intBitsToFloat((int) assembleLittleEndian(p, 4)));
  }

  @Override
  public final void getShorts(long pos, short[] dst, int off, int len) {
    Objects.checkFromIndexSize(off, len, dst.length);
    copyRuns(pos, len, 1, (s, at, i, n) -> s.getShorts(at, dst, off + i, n),
        (p, i) -> dst[off + i] = (short) assembleLittleEndian(p, 2));
  }

  /** Copies {@code n} values that lie in one segment, from {@code at} in it, to {@code dst[i..]}. */
  private interface Run {
    void copy(LittleEndianViews segment, int at, int i, int n);
  }

  /** Reads the one value at {@code pos} that straddles two segments into {@code dst[i]}. */
  private interface Straddle {
    void read(long pos, int i);
  }

  /**
   * Splits a bulk read of {@code len} values of {@code 2^shift} bytes at {@code pos} into runs
   * inside one segment. A page fault of a mapping that shrank underneath, met while copying, is
   * reported as {@link MappingFaults} does (compiled code may also deliver it later, which is why
   * callers still guard their loops).
   */
  private void copyRuns(long pos, int len, int shift, Run run, Straddle straddle) {
    checkRange(pos, (long) len << shift);
    try {
      int done = 0;
      while (done < len) {
        long p = pos + ((long) done << shift);
        LittleEndianViews s = segment(p);
        int at = offsetInSegment(p);
        int n = Math.min(len - done, (s.capacity() - at) >> shift);
        if (n > 0) {
          run.copy(s, at, done, n);
          done += n;
        } else {
          straddle.read(p, done);
          done++;
        }
      }
    } catch (InternalError e) {
      throw MappingFaults.translate(file(), e);
    }
  }
}
