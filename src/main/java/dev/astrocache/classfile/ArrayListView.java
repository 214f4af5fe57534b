package dev.astrocache.classfile;

import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.RandomAccess;
import java.util.function.Consumer;

/**
 * An unmodifiable list over an array that the reader built and never touches again, so that
 * the model's constructors can take it without the copy {@link List#copyOf} would make.
 */
final class ArrayListView<E> extends AbstractList<E> implements RandomAccess {
  private final E[] elements;

  private ArrayListView(E[] elements) {
    this.elements = elements;
  }

  /** Wraps {@code elements}, which the caller must not modify afterwards. */
  static <E> List<E> wrap(E[] elements) {
    return new ArrayListView<>(elements);
  }

  /** {@code list} itself if the reader made it, else an unmodifiable copy. */
  static <E> List<E> copyOf(List<E> list) {
    return list instanceof ArrayListView ? list : List.copyOf(list);
  }

  @Override
  public E get(int index) {
    return elements[index];
  }

  @Override
  public int size() {
    return elements.length;
  }

  // the list never changes: no modification checks while iterating
  @Override
  public Iterator<E> iterator() {
    return new Iterator<E>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < elements.length;
      }

      @Override
      public E next() {
        if (next >= elements.length) {
          throw new NoSuchElementException();
        }
        return elements[next++];
      }
    };
  }

  @Override
  public void forEach(Consumer<? super E> action) {
    java.util.Objects.requireNonNull(action, "action == null");
    for (E e : elements) {
      action.accept(e);
    }
  }
}
