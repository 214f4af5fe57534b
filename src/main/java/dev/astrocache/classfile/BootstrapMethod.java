package dev.astrocache.classfile;

import java.util.List;
import java.util.Objects;

/**
 * An entry of the {@code BootstrapMethods} attribute, resolved: the bootstrap method handle and
 * its static arguments, themselves symbolic. For a lambda made by {@code LambdaMetafactory} the
 * arguments are the erased method type, the implementation {@link MethodHandleRef} and the
 * instantiated method type; for string concatenation, the recipe {@link Constant.StringValue}
 * and constants.
 *
 * @param method the bootstrap method
 * @param arguments the static arguments, in order (unmodifiable)
 */
public record BootstrapMethod(MethodHandleRef method, List<Constant> arguments) {
  /** @throws NullPointerException if {@code method}, {@code arguments} or an argument is null */
  public BootstrapMethod {
    Objects.requireNonNull(method, "method == null");
    arguments = List.copyOf(arguments);
  }
}
