package dev.kdbsql.storage.robust;

/**
 * How long each fuzz target runs when Jazzer fuzzes ({@code JAZZER_FUZZ=1}). CI's bounded
 * execution forks one JVM per target class; ten targets at this budget, plus JVM start-up, stay
 * under four minutes. Regression runs ignore it and only replay the saved inputs.
 */
final class FuzzBudget {
  static final String PER_TARGET = "15s";

  private FuzzBudget() {}
}
