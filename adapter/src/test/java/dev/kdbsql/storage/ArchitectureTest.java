package dev.kdbsql.storage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Layers point one way: the storage layer knows nothing of Calcite, JDBC drivers or Arrow. */
class ArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.kdbsql");

  @Test
  void storageImportsNoCalciteNoDriverNoArrow() {
    noClasses().that().resideInAPackage("dev.kdbsql.storage..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.calcite..",
            "dev.kdbsql.calcite..", "dev.kdbsql.jdbc..", "org.apache.arrow..", "java.sql..")
        .check(CLASSES);
  }
}
