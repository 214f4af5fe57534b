package dev.astrocache.classfile;

/**
 * The {@code EnclosingMethod} attribute of a local or anonymous class.
 *
 * @param owner the internal name of the enclosing class
 * @param name the enclosing method's name, or {@code null} when the class appears in an
 *     initializer
 * @param descriptor the enclosing method's descriptor, or {@code null} with {@code name}
 */
public record EnclosingMethod(String owner, String name, String descriptor) {}
