package dev.kdbsql.storage.io.codec;

/** Block algorithm 0: the block is stored raw, its compressed length equal to its plain length. */
final class StoredCodec implements BlockCodec {
  static final StoredCodec INSTANCE = new StoredCodec();

  private StoredCodec() {}

  @Override
  public int algorithm() {
    return 0;
  }

  @Override
  public void decode(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstLen)
      throws CorruptBlockException {
    if (srcLen != dstLen) {
      throw new CorruptBlockException(
          "stored block has " + srcLen + " bytes, expected " + dstLen);
    }
    System.arraycopy(src, srcOff, dst, dstOff, dstLen);
  }

  /** Always null: a stored block is written raw by the container writer. */
  @Override
  public byte[] encode(byte[] src, int srcOff, int srcLen) {
    return null;
  }
}
