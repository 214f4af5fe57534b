package dev.astrocache;

import dev.astrocache.base.Classes;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * A short rendering of a call, {@code quote("widget", 3)}, that the entry header keeps so that a
 * person listing the entries sees which arguments each holds (setting {@code
 * describe.arguments}). It is for people, never for keys: two calls may render alike.
 *
 * <p>Only what is safe to run at put time is run: strings, numbers, booleans, characters,
 * enums (by {@code name()}), classes, {@code Optional}s, arrays, collections and maps are
 * rendered here; other JDK values by their {@code toString()}; a record of the program by its
 * components (its accessors are called); any other object of the program by its simple class
 * name, {@code Config{…}}, since its {@code toString()} may be slow or have effects. The text is
 * cut at {@value #LIMIT} characters, ending in {@code …}.
 */
final class ArgumentsText {
  /** The most characters of the text, the {@code …} included. */
  static final int LIMIT = 80;
  /** Nesting shown before {@code …}: {@code f([[…]])}. */
  private static final int DEPTH = 3;

  private final StringBuilder b = new StringBuilder();

  private ArgumentsText() {}

  /**
   * {@code name(arg, arg, ...)}, at most {@value #LIMIT} characters; the arguments for which
   * {@code leftOut} is true (left out of the key, {@code @NotKey}) are not rendered at all.
   */
  static String of(String name, Object[] args, boolean[] leftOut) {
    ArgumentsText t = new ArgumentsText();
    t.b.append(name).append('(');
    boolean first = true;
    for (int i = 0; args != null && i < args.length && t.room(); i++) {
      if (leftOut != null && leftOut[i]) {
        continue;
      }
      if (!first) {
        t.b.append(", ");
      }
      first = false;
      t.value(args[i], 0);
    }
    t.b.append(')');
    return t.cut();
  }

  /** Whether more text can still show: past the limit, the rest is cut anyway. */
  private boolean room() {
    return b.length() <= LIMIT;
  }

  private String cut() {
    if (b.length() <= LIMIT) {
      return b.toString();
    }
    int end = LIMIT - 1;
    if (Character.isLowSurrogate(b.charAt(end)) && Character.isHighSurrogate(b.charAt(end - 1))) {
      end--; // never half a surrogate pair
    }
    return b.substring(0, end) + "…";
  }

  private void value(Object v, int depth) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof CharSequence s) {
      string(s, '"');
    } else if (v instanceof Character c) {
      string(String.valueOf(c), '\'');
    } else if (v instanceof Enum<?> e) {
      b.append(e.getDeclaringClass().getSimpleName()).append('.').append(e.name());
    } else if (v instanceof Class<?> c) {
      b.append(c.getSimpleName()).append(".class");
    } else if (depth >= DEPTH) {
      b.append('…');
    } else if (v instanceof Optional<?> o) {
      b.append("Optional[");
      if (o.isPresent()) {
        value(o.get(), depth + 1);
      }
      b.append(']');
    } else if (v.getClass().isArray()) {
      b.append('[');
      int n = Array.getLength(v);
      for (int i = 0; i < n && room(); i++) {
        b.append(i == 0 ? "" : ", ");
        value(Array.get(v, i), depth + 1);
      }
      b.append(']');
    } else if (v instanceof Collection<?> c && Classes.isJdk(v.getClass())) {
      b.append('[');
      elements(c.iterator(), depth);
      b.append(']');
    } else if (v instanceof Map<?, ?> m && Classes.isJdk(v.getClass())) {
      b.append('{');
      Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
      for (int i = 0; it.hasNext() && room(); i++) {
        Map.Entry<?, ?> e = it.next();
        b.append(i == 0 ? "" : ", ");
        value(e.getKey(), depth + 1);
        b.append('=');
        value(e.getValue(), depth + 1);
      }
      b.append('}');
    } else if (Classes.isJdk(v.getClass()) && !Classes.isLambda(v.getClass())) {
      b.append(v);
    } else if (v.getClass().isRecord()) {
      record(v, depth);
    } else {
      String name = Classes.isLambda(v.getClass()) ? "lambda" : v.getClass().getSimpleName();
      b.append(name.isEmpty() ? "object" : name).append("{…}");
    }
  }

  private void elements(Iterator<?> it, int depth) {
    for (int i = 0; it.hasNext() && room(); i++) {
      b.append(i == 0 ? "" : ", ");
      value(it.next(), depth + 1);
    }
  }

  private void record(Object v, int depth) {
    b.append(v.getClass().getSimpleName()).append('[');
    RecordComponent[] components = v.getClass().getRecordComponents();
    for (int i = 0; i < components.length && room(); i++) {
      b.append(i == 0 ? "" : ", ").append(components[i].getName()).append('=');
      Object component;
      try {
        component = components[i].getAccessor().invoke(v);
      } catch (ReflectiveOperationException | RuntimeException e) {
        b.append('…'); // a record in a package that is not open, or an accessor that throws
        continue;
      }
      value(component, depth + 1);
    }
    b.append(']');
  }

  /** {@code s} quoted, with the escapes of Java source for quotes and control characters. */
  private void string(CharSequence s, char quote) {
    b.append(quote);
    for (int i = 0; i < s.length() && room(); i++) {
      char c = s.charAt(i);
      if (c == quote || c == '\\') {
        b.append('\\').append(c);
      } else if (c == '\n') {
        b.append("\\n");
      } else if (c == '\t') {
        b.append("\\t");
      } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)
          && !(Character.isHighSurrogate(c) && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1)))
          && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)))) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    b.append(quote);
  }
}
