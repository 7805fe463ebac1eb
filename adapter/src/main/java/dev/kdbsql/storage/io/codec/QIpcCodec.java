package dev.kdbsql.storage.io.codec;

import java.util.Arrays;

/**
 * Block algorithm 1: kdb+'s IPC message compression, one compressed message per block.
 *
 * <p>A block is {@code 01 xx 01 xx} (little-endian, compressed), the int32 length of the block,
 * the int32 plain length plus 8 (the length of the message it came from, header included), then
 * the stream. Positions are counted as in that message, so the first plain byte is at position 8.
 * The stream is made of groups: a flag byte, then up to eight tokens, one per flag bit from the
 * lowest. A clear bit is a literal byte. A set bit is a back-reference of two bytes: a slot of a
 * 256-entry table of earlier positions, keyed by the XOR of the two bytes there (0 means empty),
 * and the number (0..255) of bytes to copy beyond the two the slot guarantees. Encoder and decoder
 * fill the table identically: a position enters it once the byte after it is known, except the
 * positions inside a copied run.
 *
 * <p>The encoder makes the choices q makes: greedy, a reference whenever the slot's position starts
 * with the same byte, extended as far as it matches; and it gives up when the output would outgrow
 * half of the message, which is when q stores a block raw. On the q-written fixtures this rebuilds
 * every compressed block byte for byte. The scheme is the one KX publishes in its Java client.
 */
final class QIpcCodec implements BlockCodec {
  static final QIpcCodec INSTANCE = new QIpcCodec();

  /** Size of the message header, and so the position of the first plain byte. */
  private static final int HEADER = 8;
  /** Where the stream starts: after the header and the int32 message length. */
  private static final int STREAM = 12;
  /** The most a group can take: a flag byte and eight two-byte references. */
  private static final int GROUP_BYTES = 17;
  /** Longest run a reference copies beyond its first two bytes. */
  private static final int MAX_EXTRA = 255;

  private QIpcCodec() {}

  @Override
  public int algorithm() {
    return 1;
  }

  @Override
  public void decode(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstLen)
      throws CorruptBlockException {
    int total = checkHeader(src, srcOff, srcLen, dstLen);
    int base = dstOff - HEADER;
    int[] slots = new int[256];
    int in = srcOff + STREAM;
    int end = srcOff + srcLen;
    int s = HEADER;
    int hashed = HEADER;
    int flags = 0;
    int bit = 0;
    while (s < total) {
      if (bit == 0) {
        if (in >= end) {
          throw truncated(srcLen, s, dstLen);
        }
        flags = src[in++] & 0xff;
        bit = 1;
      }
      if ((flags & bit) != 0) {
        if (end - in < 2) {
          throw truncated(srcLen, s, dstLen);
        }
        int from = slots[src[in++] & 0xff];
        int extra = src[in++] & 0xff;
        if (from == 0) {
          throw new CorruptBlockException("q IPC back-reference at plain offset " + (s - HEADER)
              + " names an empty table slot");
        }
        if (s + 2 + extra > total) {
          throw new CorruptBlockException("q IPC back-reference at plain offset " + (s - HEADER)
              + " copies " + (2 + extra) + " bytes, past the end of the " + dstLen + "-byte block");
        }
        for (int i = 0; i < 2 + extra; i++) {
          dst[base + s + i] = dst[base + from + i];
        }
        s += 2;
        hashed = hash(dst, base, slots, hashed, s);
        s += extra;
        hashed = s;
      } else {
        if (in >= end) {
          throw truncated(srcLen, s, dstLen);
        }
        dst[base + s++] = src[in++];
        hashed = hash(dst, base, slots, hashed, s);
      }
      bit = (bit << 1) & 0xff;
    }
    if (in != end) {
      throw new CorruptBlockException("q IPC stream is complete after " + (in - srcOff)
          + " of the block's " + srcLen + " bytes");
    }
  }

  /** Checks the 12 bytes before the stream and returns the message length (plain + 8). */
  private static int checkHeader(byte[] src, int srcOff, int srcLen, int dstLen)
      throws CorruptBlockException {
    if (srcLen < STREAM) {
      throw new CorruptBlockException(
          "q IPC block of " + srcLen + " bytes is shorter than its 12-byte header");
    }
    if (src[srcOff] != 1 || src[srcOff + 2] != 1) {
      throw new CorruptBlockException(String.format(
          "q IPC block starts %02x %02x %02x %02x, expected 01 xx 01 xx (little-endian, compressed)",
          src[srcOff], src[srcOff + 1], src[srcOff + 2], src[srcOff + 3]));
    }
    int declared = intAt(src, srcOff + 4);
    if (declared != srcLen) {
      throw new CorruptBlockException(
          "q IPC header gives a block length of " + declared + ", the trailer " + srcLen);
    }
    int total = intAt(src, srcOff + 8);
    if ((long) total != (long) dstLen + HEADER) {
      throw new CorruptBlockException("q IPC header gives a plain length of "
          + ((long) total - HEADER) + ", expected " + dstLen);
    }
    return total;
  }

  /** Enters every position before {@code s - 1} into the table; returns the new hashed mark. */
  private static int hash(byte[] dst, int base, int[] slots, int hashed, int s) {
    int p = hashed;
    while (p < s - 1) {
      slots[(dst[base + p] ^ dst[base + p + 1]) & 0xff] = p;
      p++;
    }
    return p;
  }

  private static CorruptBlockException truncated(int srcLen, int s, int dstLen) {
    return new CorruptBlockException("q IPC stream of " + srcLen + " bytes ends after "
        + (s - HEADER) + " of " + dstLen + " plain bytes");
  }

  @Override
  public byte[] encode(byte[] src, int srcOff, int srcLen) {
    int total = srcLen + HEADER;
    int budget = total / 2;
    // The check of the first group, made early so that an empty block needs no special case.
    if (STREAM > budget - GROUP_BYTES) {
      return null;
    }
    byte[] out = new byte[budget];
    int base = srcOff - HEADER;
    int[] slots = new int[256];
    int w = STREAM;
    int flagAt = STREAM;
    int flags = 0;
    int bit = 0;
    // A literal's position enters the table one step late, when the decoder has its next byte.
    int pending = 0;
    int pendingSlot = 0;
    int s = HEADER;
    while (s < total) {
      if (bit == 0) {
        if (w > budget - GROUP_BYTES) {
          return null;
        }
        out[flagAt] = (byte) flags;
        flagAt = w++;
        flags = 0;
        bit = 1;
      }
      boolean pair = s <= total - 3;
      int slot = pair ? (src[base + s] ^ src[base + s + 1]) & 0xff : 0;
      int from = pair ? slots[slot] : 0;
      if (pending != 0) {
        slots[pendingSlot] = pending;
        pending = 0;
      }
      if (from != 0 && src[base + from] == src[base + s]) {
        slots[slot] = s;
        int start = s + 2;
        int max = Math.min(MAX_EXTRA, total - start);
        int extra = 0;
        while (extra < max && src[base + from + 2 + extra] == src[base + start + extra]) {
          extra++;
        }
        out[w++] = (byte) slot;
        out[w++] = (byte) extra;
        flags |= bit;
        s = start + extra;
      } else {
        if (pair) {
          pending = s;
          pendingSlot = slot;
        }
        out[w++] = src[base + s++];
      }
      bit = (bit << 1) & 0xff;
    }
    out[flagAt] = (byte) flags;
    out[0] = 1;
    out[2] = 1;
    putInt(out, 4, w);
    putInt(out, 8, total);
    return Arrays.copyOf(out, w);
  }

  private static int intAt(byte[] b, int i) {
    return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | b[i + 3] << 24;
  }

  private static void putInt(byte[] b, int i, int v) {
    b[i] = (byte) v;
    b[i + 1] = (byte) (v >>> 8);
    b[i + 2] = (byte) (v >>> 16);
    b[i + 3] = (byte) (v >>> 24);
  }
}
