package dev.astrocache.fingerprint;

import java.util.Objects;

/**
 * An input from outside the program that the reached code reads under a constant name: a system
 * property, an environment variable, a class-path resource or a file. Its value at call time
 * belongs in the key, as the static inputs' values do; the name follows from the code.
 *
 * @param kind what is read
 * @param name the property or variable name, the resource's absolute name (no leading
 *     {@code /}), or the path as the code spells it (relative to the working directory)
 * @param loader for a resource, the loader of the class whose code reads it; otherwise null
 */
public record AmbientInput(Kind kind, String name, ClassLoader loader) {
  /** What kind of input, with the words explanations use for it. */
  public enum Kind {
    /** {@code System.getProperty}, {@code Boolean.getBoolean}, {@code Integer.getInteger}, ... */
    PROPERTY("system property"),
    /** {@code System.getenv(name)}. */
    ENV("env"),
    /** {@code getResource}/{@code getResourceAsStream} of {@code Class} or {@code ClassLoader}. */
    RESOURCE("resource"),
    /** {@code Path.of}, {@code Paths.get}, {@code new File}, {@code new FileInputStream}, ... */
    FILE("file");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** {@code system property}, {@code env}, {@code resource} or {@code file}. */
    public String label() {
      return label;
    }
  }

  /** Checks that kind and name are given. */
  public AmbientInput {
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(name, "name == null");
  }

  /** How explanations name it: {@code system property report.mode}, {@code env HOME}. */
  public String describe() {
    return kind.label + " " + name;
  }
}
