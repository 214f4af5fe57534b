package dev.astrocache.classfile;

/**
 * A component of a record class, from the {@code Record} attribute.
 *
 * @param name the component's name
 * @param descriptor its field descriptor
 */
public record RecordComponent(String name, String descriptor) {}
