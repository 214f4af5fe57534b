package dev.astrocache.classfile;

/**
 * An entry of the {@code InnerClasses} attribute.
 *
 * @param innerClass the internal name of the nested class, such as {@code p/Outer$Inner}
 * @param outerClass the internal name of its enclosing class, or {@code null} for local and
 *     anonymous classes
 * @param innerName its simple name, or {@code null} for anonymous classes
 * @param accessFlags the flags as declared in source (see {@link AccessFlags})
 */
public record InnerClass(String innerClass, String outerClass, String innerName,
    int accessFlags) {}
