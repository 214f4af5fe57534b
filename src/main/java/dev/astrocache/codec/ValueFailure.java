package dev.astrocache.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Thrown at a value that a writer cannot take, and caught where the writer started, which adds
 * the segment of each container on the way from the value out ({@code .field}, {@code [3]}), so
 * that the message can say where inside the value it failed. Control flow, not a report: no
 * stack trace is filled in.
 */
final class ValueFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** A path up to this long is shown whole; a longer one keeps its two ends. */
  static final int SHOWN = 80;
  private static final int HEAD = 20, TAIL = 30;

  final transient Class<?> type;
  final String reason;
  final String fix;
  private final transient List<String> segments = new ArrayList<>();
  /** How many of the containers around the failure it is inside: all but the one that failed. */
  transient int within = Integer.MAX_VALUE;

  ValueFailure(Class<?> type, String reason, String fix) {
    super(reason, null, false, false);
    this.type = type;
    this.reason = reason;
    this.fix = fix;
  }

  /** The failure is the container at depth {@code depth} itself, not one of its children. */
  ValueFailure within(int depth) {
    within = depth;
    return this;
  }

  /** Adds the segment of the container the failure is leaving (innermost first). */
  ValueFailure at(String segment) {
    segments.add(segment);
    return this;
  }

  /**
   * The path from the outermost value in. One longer than {@link #SHOWN} characters (a value
   * nested thousands of levels deep) keeps its first and last segments and counts the others:
   * {@code .next.next...(1,990 more).next.value}, so that a message stays readable.
   */
  String path() {
    int total = 0;
    for (String s : segments) {
      total += s.length();
    }
    int n = segments.size();
    if (total <= SHOWN) {
      return join(n - 1, -1);
    }
    int head = 0;
    int headChars = 0;
    while (head < n && (head == 0 || headChars + segments.get(n - 1 - head).length() <= HEAD)) {
      headChars += segments.get(n - 1 - head).length();
      head++;
    }
    int tail = 0;
    int tailChars = 0;
    while (head + tail < n
        && (tail == 0 || tailChars + segments.get(tail).length() <= TAIL)) {
      tailChars += segments.get(tail).length();
      tail++;
    }
    int middle = n - head - tail;
    if (middle <= 0) {
      String whole = join(n - 1, -1);
      return whole.substring(0, SHOWN) + "...";
    }
    return join(n - 1, n - 1 - head) + String.format(Locale.ROOT, "...(%,d more)", middle)
        + join(tail - 1, -1);
  }

  /** The segments from index {@code from} down to, not including, {@code to}. */
  private String join(int from, int to) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i > to; i--) {
      b.append(segments.get(i));
    }
    return b.toString();
  }
}
