package dev.astrocache.fingerprint;

import dev.astrocache.base.Hashes;
import java.util.ArrayList;
import java.util.List;

/**
 * Names in class files: which ones javac made up, and descriptor parsing.
 *
 * <p>javac numbers anonymous and local classes ({@code Impl$1}, {@code Impl$1Local}), lambda
 * bodies ({@code lambda$run$0}) and accessors ({@code access$000}) in order of appearance across
 * the whole class, so adding an unrelated lambda renumbers the others. Such names are never
 * used as identity: the fingerprint refers to them by a hash of their content.
 */
final class Names {
  private Names() {}

  /** Whether an internal class name has a segment javac numbered ({@code p/Impl$1$Inner}). */
  static boolean isInventedClass(String internalName) {
    if (internalName.startsWith("[")) {
      return false;
    }
    int start = internalName.lastIndexOf('/') + 1;
    int dollar = internalName.indexOf('$', start);
    while (dollar >= 0 && dollar + 1 < internalName.length()) {
      if (Character.isDigit(internalName.charAt(dollar + 1))) {
        return true;
      }
      dollar = internalName.indexOf('$', dollar + 1);
    }
    return false;
  }

  /** Whether a method name is one javac numbers: lambda bodies and nestmate accessors. */
  static boolean isInventedMethod(String name) {
    return name.startsWith("lambda$") || name.startsWith("access$");
  }

  /** {@code lambda$run$0} becomes {@code lambda$run$~1a2b3c4d}: the number gives way to content. */
  static String displayMethod(String name, byte[] content) {
    return stem(name) + "~" + Hashes.hex(content).substring(0, 8);
  }

  /** An invented method's name without its number: {@code lambda$run$}, {@code access$}. */
  static String stem(String name) {
    int end = name.length();
    while (end > 0 && Character.isDigit(name.charAt(end - 1))) {
      end--;
    }
    return name.substring(0, end);
  }

  /**
   * The internal names of the classes whose numbered segment ends at each position: for
   * {@code p/Impl$1$2Local} the list is {@code p/Impl$1}, {@code p/Impl$1$2Local}.
   */
  static List<String> inventedPrefixes(String internalName) {
    List<String> prefixes = new ArrayList<>();
    int start = internalName.lastIndexOf('/') + 1;
    int dollar = internalName.indexOf('$', start);
    while (dollar >= 0 && dollar + 1 < internalName.length()) {
      int next = internalName.indexOf('$', dollar + 1);
      if (Character.isDigit(internalName.charAt(dollar + 1))) {
        prefixes.add(next < 0 ? internalName : internalName.substring(0, next));
      }
      dollar = next;
    }
    return prefixes;
  }

  /** {@code p/Impl$1} with content hash c becomes {@code p/Impl$~c8}; a local class keeps its name. */
  static String replaceNumber(String segmentEndingName, byte[] content) {
    int dollar = segmentEndingName.lastIndexOf('$');
    int digitsEnd = dollar + 1;
    while (digitsEnd < segmentEndingName.length()
        && Character.isDigit(segmentEndingName.charAt(digitsEnd))) {
      digitsEnd++;
    }
    return segmentEndingName.substring(0, dollar + 1) + "~" + Hashes.hex(content).substring(0, 8)
        + segmentEndingName.substring(digitsEnd);
  }

  /** The internal names of the reference types a descriptor mentions, arrays unwrapped. */
  static List<String> referenceTypes(String descriptor) {
    List<String> types = new ArrayList<>();
    int i = 0;
    while (i < descriptor.length()) {
      char c = descriptor.charAt(i);
      if (c == 'L') {
        int semi = descriptor.indexOf(';', i);
        types.add(descriptor.substring(i + 1, semi));
        i = semi + 1;
      } else {
        i++;
      }
    }
    return types;
  }

  /** The parameter part of a method descriptor: {@code (ILjava/lang/String;)V} gives {@code ILjava/lang/String;}. */
  static List<String> parameterDescriptors(String methodDescriptor) {
    List<String> params = new ArrayList<>();
    int i = 1;
    while (methodDescriptor.charAt(i) != ')') {
      int start = i;
      while (methodDescriptor.charAt(i) == '[') {
        i++;
      }
      if (methodDescriptor.charAt(i) == 'L') {
        i = methodDescriptor.indexOf(';', i);
      }
      i++;
      params.add(methodDescriptor.substring(start, i));
    }
    return params;
  }

  /** The return type of a method descriptor. */
  static String returnDescriptor(String methodDescriptor) {
    return methodDescriptor.substring(methodDescriptor.indexOf(')') + 1);
  }

  /** {@code p/Impl$Inner} becomes {@code p.Impl$Inner}. */
  static String binary(String internalName) {
    return internalName.replace('/', '.');
  }

  static String internal(Class<?> type) {
    return type.getName().replace('.', '/');
  }
}
