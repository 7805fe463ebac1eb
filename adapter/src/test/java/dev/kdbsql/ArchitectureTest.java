package dev.kdbsql;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Layers point one way (docs/design.md): storage knows nothing of Calcite, JDBC or Arrow; the
 * planner-to-engine contract knows nothing of Calcite; the engine knows Calcite's runtime at most,
 * never its planner, and nothing of the adapter above it; the adapter knows nothing of JDBC
 * drivers or Arrow.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.kdbsql");

  /** Calcite's planner, validator, parser and JDBC layers: what the engine must not use. */
  private static final String[] CALCITE_PLANNER = {"org.apache.calcite.rel..",
      "org.apache.calcite.rex..", "org.apache.calcite.plan..", "org.apache.calcite.sql..",
      "org.apache.calcite.sql2rel..", "org.apache.calcite.tools..",
      "org.apache.calcite.prepare..", "org.apache.calcite.jdbc..",
      "org.apache.calcite.interpreter..", "org.apache.calcite.adapter.enumerable.."};

  @Test
  void storageImportsNoCalciteNoDriverNoArrow() {
    noClasses().that().resideInAPackage("dev.kdbsql.storage..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.calcite..",
            "dev.kdbsql.calcite..", "dev.kdbsql.jdbc..", "org.apache.arrow..", "java.sql..")
        .check(CLASSES);
  }

  @Test
  void theContractKnowsNoCalcite() {
    noClasses().that().resideInAPackage("dev.kdbsql.calcite.spec")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.calcite..",
            "dev.kdbsql.calcite", "dev.kdbsql.calcite.exec..", "dev.kdbsql.calcite.sql..",
            "dev.kdbsql.calcite.asof..", "dev.kdbsql.calcite.window..", "java.sql..")
        .check(CLASSES);
  }

  @Test
  void theEngineKnowsNoPlannerAndNothingAboveIt() {
    noClasses().that().resideInAPackage("dev.kdbsql.calcite.exec..")
        .should().dependOnClassesThat().resideInAnyPackage(CALCITE_PLANNER)
        .check(CLASSES);
    noClasses().that().resideInAPackage("dev.kdbsql.calcite.exec..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.kdbsql.calcite",
            "dev.kdbsql.calcite.sql..", "dev.kdbsql.calcite.asof..", "dev.kdbsql.calcite.window..",
            "dev.kdbsql.calcite.temporal..", "dev.kdbsql.calcite.rex..")
        .check(CLASSES);
  }

  /**
   * The exact temporals' types and rewrite (calcite.temporal) sit beside the adapter: they know
   * the engine's values, never the adapter, the SQL surface or the as-of planning.
   */
  @Test
  void theExactTemporalTypesKnowNothingOfTheAdapter() {
    noClasses().that().resideInAPackage("dev.kdbsql.calcite.temporal..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.kdbsql.calcite",
            "dev.kdbsql.calcite.sql..", "dev.kdbsql.calcite.asof..")
        .check(CLASSES);
  }

  /** The plan's expression rewrites' shared visitor (calcite.rex) knows only Calcite. */
  @Test
  void thePlanRewritesVisitorKnowsOnlyCalcite() {
    noClasses().that().resideInAPackage("dev.kdbsql.calcite.rex..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.kdbsql.storage..",
            "dev.kdbsql.calcite", "dev.kdbsql.calcite.exec..", "dev.kdbsql.calcite.spec..",
            "dev.kdbsql.calcite.sql..", "dev.kdbsql.calcite.temporal..",
            "dev.kdbsql.calcite.asof..", "dev.kdbsql.calcite.window..")
        .check(CLASSES);
  }

  @Test
  void theSqlSurfaceAndTheAsofJoinSitBesideTheAdapter() {
    noClasses().that().resideInAnyPackage("dev.kdbsql.calcite.sql..", "dev.kdbsql.calcite.asof..",
        "dev.kdbsql.calcite.window..", "dev.kdbsql.calcite.sort..")
        .should().dependOnClassesThat().resideInAPackage("dev.kdbsql.calcite")
        .check(CLASSES);
  }

  @Test
  void theAdapterKnowsNoDriverAndNoArrow() {
    noClasses().that().resideInAPackage("dev.kdbsql.calcite..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.kdbsql.jdbc..",
            "dev.kdbsql.arrow..", "org.apache.arrow..", "dev.kdbsql.cli..")
        .check(CLASSES);
  }
}
