package dev.astrocache.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * Thrown at a value that a writer cannot take, and caught where the writer started: each
 * container on the way out adds its segment of the path ({@code .field}, {@code [3]}), so that
 * the message can say where inside the value it failed. Control flow, not a report: no stack
 * trace is filled in.
 */
final class ValueFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final transient Class<?> type;
  final String reason;
  final String fix;
  private final transient List<String> segments = new ArrayList<>();

  ValueFailure(Class<?> type, String reason, String fix) {
    super(reason, null, false, false);
    this.type = type;
    this.reason = reason;
    this.fix = fix;
  }

  /** Adds the segment of the container the failure is leaving. */
  ValueFailure at(String segment) {
    segments.add(segment);
    return this;
  }

  /** The path from the outermost value in; past {@code max} characters it is cut and ends "...". */
  String path(int max) {
    StringBuilder path = new StringBuilder();
    for (int i = segments.size() - 1; i >= 0 && path.length() <= max; i--) {
      path.append(segments.get(i));
    }
    if (path.length() > max) {
      path.setLength(max);
      path.append("...");
    }
    return path.toString();
  }
}
