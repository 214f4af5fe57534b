package dev.astrocache.cli;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON by hand (no dependency): maps as objects in their iteration order, lists as
 * arrays, strings, numbers, booleans and null. What {@code --json} prints is one such document.
 */
final class Json {
  private Json() {}

  /** {@code value} as JSON, two spaces of indentation per level, ending in a newline. */
  static String write(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value, 0);
    return b.append('\n').toString();
  }

  private static void write(StringBuilder b, Object v, int indent) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof String s) {
      string(b, s);
    } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
      b.append(v);
    } else if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        b.append("{}");
        return;
      }
      b.append('{');
      Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        newline(b, indent + 1);
        string(b, (String) e.getKey());
        b.append(": ");
        write(b, e.getValue(), indent + 1);
        if (it.hasNext()) {
          b.append(',');
        }
      }
      newline(b, indent);
      b.append('}');
    } else if (v instanceof List<?> l) {
      if (l.isEmpty()) {
        b.append("[]");
        return;
      }
      b.append('[');
      for (int i = 0; i < l.size(); i++) {
        newline(b, indent + 1);
        write(b, l.get(i), indent + 1);
        if (i + 1 < l.size()) {
          b.append(',');
        }
      }
      newline(b, indent);
      b.append(']');
    } else {
      throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
    }
  }

  private static void newline(StringBuilder b, int indent) {
    b.append('\n');
    for (int i = 0; i < indent; i++) {
      b.append("  ");
    }
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || Character.isSurrogate(c) && !pairedAt(s, i)) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  /** Whether the surrogate at {@code i} is half of a well-formed pair. */
  private static boolean pairedAt(String s, int i) {
    char c = s.charAt(i);
    return Character.isHighSurrogate(c) ? i + 1 < s.length()
        && Character.isLowSurrogate(s.charAt(i + 1))
        : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
