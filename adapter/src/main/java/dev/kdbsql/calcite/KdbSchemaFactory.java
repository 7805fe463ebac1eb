package dev.kdbsql.calcite;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import org.apache.calcite.model.ModelHandler;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.SchemaFactory;
import org.apache.calcite.schema.SchemaPlus;

/**
 * Creates a {@link KdbSchema} from a Calcite model. Operands: {@code directory} (required; a
 * relative path is resolved against the model file's directory), {@code strictPartitions},
 * {@code strictColumns} ({@code true}/{@code false}) and {@code timespan} ({@code time} or
 * {@code nanos}). A missing directory or an unknown option value fails with a message naming it;
 * nothing is logged and skipped.
 */
public final class KdbSchemaFactory implements SchemaFactory {
  /** The factory Calcite's model handler instantiates through this field. */
  public static final KdbSchemaFactory INSTANCE = new KdbSchemaFactory();

  /** Creates a factory; Calcite's model handler may call this constructor. */
  public KdbSchemaFactory() {
  }

  @Override
  public Schema create(SchemaPlus parentSchema, String name, Map<String, Object> operand) {
    Object dir = operand.get("directory");
    if (dir == null || dir.toString().isBlank()) {
      throw new IllegalArgumentException("kdb+ schema '" + name
          + "': operand 'directory' (the database root) is required");
    }
    Path path = Path.of(dir.toString());
    Object base = operand.get(ModelHandler.ExtraOperand.BASE_DIRECTORY.camelName);
    if (!path.isAbsolute() && base != null) {
      path = (base instanceof File f ? f.toPath() : Path.of(base.toString())).resolve(path);
    }
    return KdbSchema.open(path, KdbSchemaOptions.from(operand));
  }
}
