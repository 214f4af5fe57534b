package dev.astrocache.codec;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;

/** A record class's components and canonical constructor, looked up once per class. */
final class RecordShape {
  private static final ClassValue<RecordShape> CACHE = new ClassValue<>() {
    @Override
    protected RecordShape computeValue(Class<?> type) {
      return new RecordShape(type);
    }
  };

  static RecordShape of(Class<?> record) {
    return CACHE.get(record);
  }

  final Field[] fields;
  final String[] paths;
  /** Each component's type, boxed: what a value must be an instance of. */
  final Class<?>[] boxedTypes;
  /** {@code (Object[]) -> Object}, or null if {@link #error} says why not. */
  final MethodHandle constructor;
  final String error;

  private RecordShape(Class<?> type) {
    RecordComponent[] rc = type.getRecordComponents();
    Field[] fs = new Field[rc.length];
    Class<?>[] types = new Class<?>[rc.length];
    String[] ps = new String[rc.length];
    MethodHandle ctor = null;
    String why = null;
    try {
      for (int i = 0; i < rc.length; i++) {
        fs[i] = type.getDeclaredField(rc[i].getName());
        fs[i].setAccessible(true);
        types[i] = rc[i].getType();
        ps[i] = "." + rc[i].getName();
      }
      Constructor<?> c = type.getDeclaredConstructor(types);
      c.setAccessible(true);
      ctor = MethodHandles.lookup().unreflectConstructor(c)
          .asSpreader(Object[].class, rc.length)
          .asType(MethodType.methodType(Object.class, Object[].class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      why = "record " + type.getName() + " cannot be read or built by reflection (" + e
          + "); if it lives in a named module, add 'opens " + type.getPackageName()
          + " to dev.astrocache' to its module-info.java";
    }
    this.fields = fs;
    this.paths = ps;
    Class<?>[] boxed = new Class<?>[rc.length];
    for (int i = 0; i < rc.length; i++) {
      boxed[i] = MethodType.methodType(rc[i].getType()).wrap().returnType();
    }
    this.boxedTypes = boxed;
    this.constructor = ctor;
    this.error = why;
  }
}
