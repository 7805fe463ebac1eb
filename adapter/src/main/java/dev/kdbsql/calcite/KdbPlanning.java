package dev.kdbsql.calcite;

/**
 * A switch for code that watches Calcite plan a statement (through its thread-local hooks, such as
 * {@code Hook.PLAN_BEFORE_IMPLEMENTATION}): hooks fire only while a statement is planned, and a
 * driver may hand back a query it prepared before from the same text. Inside {@link #afresh}
 * every statement the calling thread prepares is planned again.
 */
public final class KdbPlanning {
  private static final ThreadLocal<Boolean> AFRESH = ThreadLocal.withInitial(() -> false);

  private KdbPlanning() {
  }

  /** Work that may throw. */
  @FunctionalInterface
  public interface Action<T, E extends Exception> {
    /** Does the work. */
    T run() throws E;
  }

  /** Runs {@code action} with every statement prepared on this thread planned afresh. */
  public static <T, E extends Exception> T afresh(Action<T, E> action) throws E {
    boolean before = AFRESH.get();
    AFRESH.set(true);
    try {
      return action.run();
    } finally {
      AFRESH.set(before);
    }
  }

  /** Whether statements prepared on this thread now must be planned afresh. */
  public static boolean afresh() {
    return AFRESH.get();
  }
}
