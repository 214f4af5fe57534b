package dev.astrocache;

import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of methods (signatures, function folder names) and the SHA-256 and hex they use; what
 * goes into a call key is {@link CallKey}'s.
 */
final class Keys {
  private static final HexFormat HEX = HexFormat.of();
  private static final MessageDigest SHA256 = newSha256();

  private Keys() {}

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256: " + e.getMessage(), e);
    }
  }

  static MessageDigest sha256() {
    try {
      return (MessageDigest) SHA256.clone();
    } catch (CloneNotSupportedException e) {
      return newSha256();
    }
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  static String descriptor(Method m) {
    return MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString();
  }

  /** {@code binary.Api#name(descriptor)}, as in manifests. */
  static String signature(Method m) {
    return m.getDeclaringClass().getName() + "#" + m.getName() + descriptor(m);
  }

  /**
   * A readable, path-safe name for a method's folder: {@code com.example.Prices.quote-1f3a9c0e},
   * the suffix telling overloads apart.
   */
  static String functionName(Class<?> api, Method m) {
    byte[] d = sha256().digest(descriptor(m).getBytes(StandardCharsets.UTF_8));
    String suffix = "-" + hex(d).substring(0, 8);
    StringBuilder name = new StringBuilder();
    for (char c : (api.getName() + "." + m.getName()).toCharArray()) {
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
