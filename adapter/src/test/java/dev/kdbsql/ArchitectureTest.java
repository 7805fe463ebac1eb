package dev.kdbsql;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/** The storage layer knows nothing of Calcite, so it can serve Arrow export and tools alone. */
class ArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.kdbsql");

  @Test
  void storageDoesNotUseCalcite() {
    noClasses().that().resideInAPackage("dev.kdbsql.storage..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.calcite..",
            "dev.kdbsql.calcite..")
        .check(CLASSES);
  }
}
