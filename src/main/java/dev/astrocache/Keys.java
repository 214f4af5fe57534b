package dev.astrocache;

import dev.astrocache.base.Classes;
import dev.astrocache.base.Descriptors;
import dev.astrocache.base.Hashes;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/**
 * Names of methods: signatures and function folder names; what goes into a call key is
 * {@link CallKey}'s.
 */
final class Keys {

  private Keys() {}

  static String descriptor(Method m) {
    return Descriptors.of(m);
  }

  /** {@code binary.Api#name(descriptor)}, as in manifests. */
  static String signature(Method m) {
    // JShell's snippet numbers out, in the declaring class and the descriptor's types
    return Classes.stableName(m.getDeclaringClass().getName() + "#" + m.getName()
        + descriptor(m));
  }

  /**
   * A readable, path-safe name for a method's folder: {@code com.example.Prices.quote-1f3a9c0e},
   * the suffix telling overloads apart.
   */
  static String functionName(Class<?> api, Method m) {
    return functionName(api.getName(), m);
  }

  /**
   * {@link #functionName(Class, Method)}, except that a lambda implementing a JDK interface
   * ({@code memoize}'s {@code Function}) is named after the class that made it:
   * {@code com.example.Main$$Lambda.apply-...}, not {@code java.util.function.Function.apply}.
   */
  static String functionName(Class<?> api, Class<?> implClass, Method m) {
    return Classes.isLambda(implClass) && Classes.isJdk(api)
        ? functionName(Classes.stableName(implClass), m) : functionName(api.getName(), m);
  }

  private static String functionName(String owner, Method m) {
    byte[] d = Hashes.sha256().digest(Classes.stableName(descriptor(m))
        .getBytes(StandardCharsets.UTF_8));
    String suffix = "-" + Hashes.hex(d).substring(0, 8);
    StringBuilder name = new StringBuilder();
    for (char c : (Classes.stableName(owner) + "." + m.getName()).toCharArray()) {
      boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '$' || c == '-';
      name.append(safe ? c : '_');
    }
    if (name.charAt(0) == '.') {
      name.setCharAt(0, '_');
    }
    int max = 200 - suffix.length();
    String head = name.length() > max ? name.substring(name.length() - max) : name.toString();
    return head + suffix;
  }
}
