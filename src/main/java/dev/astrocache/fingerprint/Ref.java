package dev.astrocache.fingerprint;

/**
 * A class or method that javac named (and numbered) itself, referred to by content.
 *
 * @param owner the internal name of the class
 * @param name the method's name, or {@code null} for the class itself
 * @param descriptor the method's descriptor, or {@code null} for the class itself
 */
record Ref(String owner, String name, String descriptor) {
  static Ref ofClass(String owner) {
    return new Ref(owner, null, null);
  }

  boolean isClass() {
    return name == null;
  }
}
