package dev.kdbsql.arrow;

/** The two Arrow IPC encodings. */
public enum IpcFormat {
  /** Random-access file ({@code .arrow}, Feather v2): a footer indexes the batches. */
  FILE,
  /** Stream: batches one after another, readable from a pipe. */
  STREAM
}
