package dev.kdbsql.calcite.temporal;

import com.google.common.base.Suppliers;
import java.lang.reflect.Method;
import java.util.function.Supplier;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.ScalarFunction;
import org.apache.calcite.schema.impl.ReflectiveFunctionBase;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;

/**
 * A scalar function over a public static method, as {@link ScalarFunctionImpl#create(Method)}
 * makes it, whose implementor for generated code is made when code is first generated.
 * {@code ScalarFunctionImpl} makes it at once, through {@code RexImpTable}, whose initialization
 * (some hundred classes and the table of every operator's implementor) cost a fresh JVM about
 * 150 ms of its first statement, though a plan the scan answers whole generates no code.
 */
final class MethodFunction extends ReflectiveFunctionBase
    implements ScalarFunction, ImplementableFunction {
  private final Supplier<CallImplementor> implementor;

  MethodFunction(Method method) {
    super(method);
    this.implementor = Suppliers.memoize(
        () -> ((ImplementableFunction) ScalarFunctionImpl.create(method)).getImplementor());
  }

  @Override
  public RelDataType getReturnType(RelDataTypeFactory typeFactory) {
    return typeFactory.createJavaType(method.getReturnType());
  }

  @Override
  public CallImplementor getImplementor() {
    return implementor.get();
  }
}
